/**
 * `kopher-v2g secc`: a charging station's communication controller against real EVs (or `kopher-v2g evcc`): SDP
 * and V2G servers on an interface (with `--slac`, opened for each EV after it matched), a simulated power stage per
 * session, a line per state and a summary per session, until interrupted.
 */
import { parseArgs } from 'node:util';
import type { AnyActorRef } from 'xstate';
import { PcapRecorder } from '../actors/capture/pcap-recorder.js';
import { systemClock } from '../base/clock.js';
import { startSeccCluster } from '../actors/stack/secc-cluster.js';
import { startSeccStation, type SeccStation, type SeccStationOptions, type SeccTlsOptions } from '../actors/stack/secc-station.js';
import { isIso20Session } from '../actors/stack/session-machines.js';
import { DEFAULT_PKI20_DIR, iso20Pki, type Iso20Pki } from './iso20-pki.js';
import { serveWithSlac } from '../actors/stack/slac-station.js';
import { DEFAULT_STATION_LIMITS, type StationLimits } from '../actors/stack/station-limits.js';
import { loadOrCreateTestPki, loadTestPki, seccTlsCredentials, type TestPki } from '../crypto/index.js';
import type { Endpoint } from '../base/connection-events.js';
import { commandFailure, usageFailure, UsageError } from './errors.js';
import { writeErr, writeOut } from './io.js';
import { INSPECTION_OPTIONS, INSPECTION_USAGE, inspectPortOf, startInspectionFor, withInspectValue } from './inspection-options.js';
import { followStates } from './live-status.js';
import { servedSessions, type SeccSessionChoice } from './secc-sessions.js';
import { DEFAULT_DIN_EVSE_ID, DEFAULT_EVSE_ID, DEFAULT_PKI_DIR, parseNumber, parseProtocols, STRICT_OPTION, STRICT_USAGE } from './shared-options.js';
import { parseStage, STAGE_OPTIONS, STAGE_USAGE } from './simulation-options.js';
import { slacPort } from './slac.js';
import { PNC_NEEDS_TLS, seccLabPlugAndCharge } from './pnc-lab.js';
import { CAPTURE_USAGE, keyLogFromEnvironment } from './capture-options.js';
import { stackLog, VERBOSE_OPTION, VERBOSE_USAGE } from './stack-log.js';

export const usage = `Usage: kopher-v2g secc [options]

Serves EVs until interrupted (Ctrl-C): SDP on UDP 15118, V2G on TCP (and TLS 1.2 with --tls, TLS 1.3 with iso20 in
--protocols, both on one TLS port), one session machine and one simulated power stage per connection.
  --iface IF        the PLC interface (SDP joins ff02::1 there; servers bind its link-local address)
  --slac            match each EV by SLAC (ISO 15118-3) on --iface over raw Ethernet (root or CAP_NET_RAW) first;
                    SDP and V2G open after the match, for that EV's session, then the next SLAC run
  --host ADDR       address to listen on instead (e.g. ::1 for loopback)
  --port N          V2G TCP port (default: a free one in 49152-65535, the dynamic range EVs expect; announced by SDP)
  --tls-port N      TLS port (default: chosen as --port is)
  --sdp-port N      SDP port (default 15118)
  --protocols LIST  din, iso2, iso20 (default din,iso2; in no order: the EV's priorities decide); iso20 runs over
                    TLS 1.3 only, with the -20 lab PKI's SECC chain from --pki20, and offers the mode's services
                    one way and bidirectional (the stage then takes energy back), Scheduled and Dynamic
  --mode ac|dc      the simulated power stage (default dc)
${STAGE_USAGE}
  --tls             also serve TLS 1.2 with the test PKI in --pki (generated when absent)
  --pki DIR         default --pnc's DIR, else ${DEFAULT_PKI_DIR}
  --pki20 DIR       the ISO 15118-20 lab PKI, as \`pki init --profile iso20\` writes it (default --pnc's DIR, else
                    ${DEFAULT_PKI20_DIR}, made when absent)
  --pnc DIR         Plug & Charge (ISO 15118-2 and -20, over TLS only) with the lab folder \`pki init\` wrote: contracts
                    checked against its MO root and their certificates' OCSP responders, installed, updated and
                    authorized by the local contract backend over it (new contracts recorded in its ocsp/ databases)
  --mutual-tls M    ISO 15118-20: ask each EV for its vehicle certificate and verify it against --pki20's OEM root;
                    required (an EV without one is refused) or optional (default: not asked)
  --evse-id ID      EVSEID of ISO 15118-2 sessions (default ${DEFAULT_EVSE_ID})
  --din-evse-id ID  EVSEID of DIN 70121 sessions, digits and '*' (DIN SPEC 91286) (default ${DEFAULT_DIN_EVSE_ID})
  --speed X         simulated physics X times faster than real time (default 1)
${CAPTURE_USAGE}
  --json            one JSON line per finished session instead of the live view
  --max-connections N           TCP and TLS connections open at once, every EV together (default ${DEFAULT_STATION_LIMITS.maxConnections});
                                more are closed at once
  --max-connections-per-peer N  connections open at once from one address (default ${DEFAULT_STATION_LIMITS.maxConnectionsPerPeer})
  --max-sessions N              charging sessions at once (default ${DEFAULT_STATION_LIMITS.maxSessions}); with --workers, each worker
                                takes its share of --max-connections and --max-sessions and the per-peer bound
  --workers N       serve the sessions in N processes sharing the V2G ports, one core each (default 1: this process);
                    SDP and the paused session stay in this one. Not with --slac, --pcap, --inspect or --record
${STRICT_USAGE}
${VERBOSE_USAGE}
${INSPECTION_USAGE}
`;

/** What a worker process cannot do for the station as a whole, and why. */
const SINGLE_PROCESS_ONLY = {
  slac: 'one SLAC run pairs one EV at a time on the interface, and the station it opens serves that EV alone',
  pcap: 'each worker would write its own capture into one file',
  inspect: "the inspector shows one process's actors",
  record: "the recording holds one process's actors",
  pnc: "each worker's contract backend would issue contracts into the one CA database, unaware of the others'",
} as const;

export async function run(args: readonly string[]): Promise<number> {
  let values;
  let workers = 1;
  let stage;
  let limits: Partial<StationLimits>;
  let ports: { readonly port?: number; readonly tlsPort?: number };
  try {
    ({ values } = parseArgs({
      args: withInspectValue(args),
      options: {
        ...INSPECTION_OPTIONS,
        ...STAGE_OPTIONS,
        ...STRICT_OPTION,
        ...VERBOSE_OPTION,
        iface: { type: 'string' },
        slac: { type: 'boolean', default: false },
        host: { type: 'string' },
        port: { type: 'string' },
        'tls-port': { type: 'string' },
        'max-connections': { type: 'string' },
        'max-connections-per-peer': { type: 'string' },
        'max-sessions': { type: 'string' },
        'sdp-port': { type: 'string', default: '15118' },
        protocols: { type: 'string', default: 'din,iso2' },
        mode: { type: 'string', default: 'dc' },
        tls: { type: 'boolean', default: false },
        pki: { type: 'string' },
        pki20: { type: 'string' },
        pnc: { type: 'string' },
        'mutual-tls': { type: 'string' },
        'evse-id': { type: 'string', default: DEFAULT_EVSE_ID },
        'din-evse-id': { type: 'string', default: DEFAULT_DIN_EVSE_ID },
        speed: { type: 'string', default: '1' },
        pcap: { type: 'string' },
        json: { type: 'boolean', default: false },
        workers: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
    if (values.mode !== 'ac' && values.mode !== 'dc') throw new RangeError(`--mode ${values.mode}: ac or dc`);
    stage = parseStage(values, values.mode);
    const mutual = values['mutual-tls'];
    if (mutual !== undefined && mutual !== 'required' && mutual !== 'optional') throw new RangeError(`--mutual-tls ${mutual}: required or optional`);
    if (values.slac && !values.iface) throw new RangeError('--slac needs --iface IF, the interface of the PLC modem');
    inspectPortOf(values);
    workers = parseNumber('workers', values.workers, 1);
    limits = limitsOf(values);
    ports = { port: optionalPort('port', values.port), tlsPort: optionalPort('tls-port', values['tls-port']) };
    if (!Number.isInteger(workers)) throw new RangeError(`--workers ${values.workers}: a whole number of at least 1`);
    const given = { slac: values.slac, pcap: values.pcap !== undefined, inspect: values.inspect !== undefined, record: values.record !== undefined, pnc: values.pnc !== undefined };
    const refused = workers > 1 ? (Object.keys(given) as (keyof typeof given)[]).find((option) => given[option]) : undefined;
    if (refused) throw new RangeError(`--${refused} does not work with --workers above 1: ${SINGLE_PROCESS_ONLY[refused]}`);
  } catch (e) {
    return usageFailure('secc', usage, e);
  }
  if (values.help) {
    await writeOut(usage);
    return 0;
  }
  try {
    const choice: SeccSessionChoice = {
      mode: values.mode as 'ac' | 'dc',
      speed: parseNumber('speed', values.speed, Number.MIN_VALUE),
      protocols: parseProtocols(values.protocols, values.mode as 'ac' | 'dc'),
      evseId: values['evse-id'],
      dinEvseId: values['din-evse-id'],
      json: values.json,
      stage,
      strict: values.strict,
      verbose: values.verbose,
    };
    const network = {
      iface: values.iface,
      host: values.host,
      port: ports.port,
      sdpPort: parseNumber('sdp-port', values['sdp-port']),
      limits,
    };
    const iso20 = choice.protocols.some(isIso20Session);
    if (values.pnc !== undefined && !values.tls && !iso20) throw new UsageError(PNC_NEEDS_TLS);
    const plugAndCharge = values.pnc === undefined ? undefined : await seccLabPlugAndCharge(values.pnc);
    const pki = values.tls ? await tls12Pki(values.pki, values.pnc) : undefined;
    const tls13 = iso20 ? await tls13Of(await iso20Pki(values.pki20 ?? values.pnc ?? DEFAULT_PKI20_DIR), values['mutual-tls']) : undefined;
    const tls = pki || tls13 ? { credentials: pki && seccTlsCredentials(pki), tls13, port: ports.tlsPort, keylog: workers > 1 ? undefined : keyLogFromEnvironment() } : undefined;
    const log = stackLog(values.verbose);
    if (workers > 1) return await serveWithWorkers(workers, { ...network, tls, log, workerData: choice });
    const sessions = servedSessions(choice);
    const pcap = values.pcap ? await PcapRecorder.open(values.pcap) : undefined;
    const { hook: inspect, inspection } = await startInspectionFor(values);
    const stationOptions: SeccStationOptions = { ...sessions.options, ...network, tls, pcap, inspect, plugAndCharge };
    const watch = (station: SeccStation): void => {
      announce(station);
      sessions.watch(station);
    };
    const stop = interruption();
    if (values.slac) {
      const port = await slacPort(values.iface as string, pcap);
      const follow = values.json ? undefined : (actor: AnyActorRef) => followStates(actor, 'slac', systemClock.now(), systemClock.now, () => '', (l) => void writeOut(l));
      writeErr(`SECC: SLAC on ${values.iface}, SDP and V2G open once an EV has matched\n`);
      await serveWithSlac({ slac: { port, log: stationOptions.log, inspect }, station: stationOptions, signal: stop.signal, onSlac: (run) => follow?.(run.actor), onStation: watch }).finally(() => port.close());
    } else {
      const station = await startSeccStation(stationOptions);
      watch(station);
      await aborted(stop.signal);
      await station.close();
    }
    await pcap?.close();
    await inspection?.close();
    return 0;
  } catch (e) {
    return commandFailure('secc', usage, e);
  }
}

/** The TLS 1.2 chain: --pki's (made when absent or expired), else the --pnc lab folder's as it is (never replaced). */
function tls12Pki(pki: string | undefined, pnc: string | undefined): Promise<TestPki> {
  return pki === undefined && pnc !== undefined ? loadTestPki(pnc) : loadOrCreateTestPki(pki ?? DEFAULT_PKI_DIR);
}

/** The station's TLS 1.3 for ISO 15118-20: its -20 chain, and the OEM root when it asks EVs for their certificate. */
async function tls13Of(pki: Iso20Pki, mutual: string | undefined): Promise<NonNullable<SeccTlsOptions['tls13']>> {
  const credentials = await pki.seccCredentials();
  if (mutual === undefined) return { credentials };
  return { credentials, clientAuthentication: { trustedRoots: [await pki.oemRoot()], required: mutual === 'required' } };
}

function optionalPort(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = parseNumber(option, text);
  if (!Number.isInteger(port) || port > 65535) throw new RangeError(`--${option} ${text}: a TCP port, 0 to 65535`);
  return port;
}

const LIMIT_OPTIONS = {
  'max-connections': 'maxConnections',
  'max-connections-per-peer': 'maxConnectionsPerPeer',
  'max-sessions': 'maxSessions',
} as const satisfies Record<string, keyof StationLimits>;

function limitsOf(values: Readonly<Record<string, unknown>>): Partial<StationLimits> {
  const limits: Partial<Record<keyof StationLimits, number>> = {};
  for (const [option, name] of Object.entries(LIMIT_OPTIONS)) {
    const text = values[option];
    if (typeof text !== 'string') continue;
    const n = parseNumber(option, text, 1);
    if (!Number.isInteger(n)) throw new RangeError(`--${option} ${text}: a whole number of at least 1`);
    limits[name] = n;
  }
  return limits;
}

function announce(station: { readonly address: Endpoint; readonly tlsAddress?: Endpoint; readonly sdpPort: number }, workers = 1): void {
  const tls = station.tlsAddress ? `, TLS on [${station.tlsAddress.address}]:${station.tlsAddress.port}` : '';
  const processes = workers > 1 ? `, sessions in ${workers} worker processes` : '';
  writeErr(`SECC: V2G on [${station.address.address}]:${station.address.port}${tls}, SDP on port ${station.sdpPort}${processes}\n`);
}

/** Ctrl-C or SIGTERM: every process of the station gets it, and this one ends them all in order. */
function interruption(): AbortController {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  return stop;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
}

/** Until interrupted (exit 0), or until no worker is left (exit 1: whoever runs the station may start it again). */
async function serveWithWorkers(
  workers: number,
  options: Omit<Parameters<typeof startSeccCluster<SeccSessionChoice>>[0], 'workers' | 'workerModule'>,
): Promise<number> {
  const stop = interruption();
  const station = await startSeccCluster({ ...options, workers, workerModule: new URL('./secc-worker.js', import.meta.url) });
  announce(station, workers);
  const outcome = await Promise.race([aborted(stop.signal).then(() => 'interrupted' as const), station.ended.then(() => 'no worker left' as const)]);
  await station.close();
  if (outcome === 'interrupted') return 0;
  writeErr('kopher-v2g secc: every worker process has ended\n');
  return 1;
}
