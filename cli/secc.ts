/**
 * `kopher-v2g secc`: a charging station's communication controller against real EVs (or `kopher-v2g evcc`): SDP
 * and V2G servers on an interface (with `--slac`, opened for each EV after it matched), a simulated power stage per
 * session, a line per state and a summary per session, until interrupted.
 */
import { parseArgs } from 'node:util';
import type { AnyActorRef } from 'xstate';
import { PcapRecorder } from '../actors/capture/pcap-recorder.js';
import { scaledClock, systemClock } from '../actors/runtime/clock.js';
import { startSeccStation, type SeccStation, type SeccStationOptions } from '../actors/stack/secc-station.js';
import { serveWithSlac } from '../actors/stack/slac-station.js';
import { loadOrCreateTestPki, seccTlsCredentials } from '../crypto/index.js';
import { oneLineMessage } from './errors.js';
import { writeErr, writeOut } from './io.js';
import { INSPECTION_OPTIONS, INSPECTION_USAGE, startInspectionFor, withInspectValue } from './inspection-options.js';
import { followStates } from './live-status.js';
import { seccSettingsFor } from './protocol-choice.js';
import { DEFAULT_PKI_DIR, parseNumber, parseProtocols } from './shared-options.js';
import { simulatedSupply, type SimulatedSupply } from './simulation.js';
import { formatSummary } from './summary.js';
import { slacPort } from './slac.js';

export const usage = `Usage: kopher-v2g secc [options]

Serves EVs until interrupted (Ctrl-C): SDP on UDP 15118, V2G on TCP (and TLS 1.2 with --tls), one session machine
and one simulated power stage per connection.
  --iface IF        the PLC interface (SDP joins ff02::1 there; servers bind its link-local address)
  --slac            match each EV by SLAC (ISO 15118-3) on --iface over raw Ethernet (root or CAP_NET_RAW) first;
                    SDP and V2G open after the match, for that EV's session, then the next SLAC run
  --host ADDR       address to listen on instead (e.g. ::1 for loopback)
  --port N          V2G TCP port (default: chosen by the system, announced by SDP)
  --sdp-port N      SDP port (default 15118)
  --protocols LIST  din,iso2 (default; in no order: the EV's priorities decide)
  --mode ac|dc      the simulated power stage (default dc)
  --tls             also serve TLS 1.2 with the test PKI in --pki (generated when absent)
  --pki DIR         default ${DEFAULT_PKI_DIR}
  --evse-id ID      EVSEID (default DE*KPH*E0000001)
  --speed X         simulated physics X times faster than real time (default 1)
  --pcap FILE       write the SDP and V2GTP traffic as a pcap file
  --json            one JSON line per finished session instead of the live view
${INSPECTION_USAGE}
`;

export async function run(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: withInspectValue(args),
      options: {
        ...INSPECTION_OPTIONS,
        iface: { type: 'string' },
        slac: { type: 'boolean', default: false },
        host: { type: 'string' },
        port: { type: 'string', default: '0' },
        'sdp-port': { type: 'string', default: '15118' },
        protocols: { type: 'string', default: 'din,iso2' },
        mode: { type: 'string', default: 'dc' },
        tls: { type: 'boolean', default: false },
        pki: { type: 'string', default: DEFAULT_PKI_DIR },
        'evse-id': { type: 'string', default: 'DE*KPH*E0000001' },
        speed: { type: 'string', default: '1' },
        pcap: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
    if (values.mode !== 'ac' && values.mode !== 'dc') throw new RangeError(`--mode ${values.mode}: ac or dc`);
    if (values.slac && !values.iface) throw new RangeError('--slac needs --iface IF, the interface of the PLC modem');
  } catch (e) {
    writeErr(`kopher-v2g secc: ${oneLineMessage(e)}\n${usage}`);
    return 2;
  }
  if (values.help) {
    await writeOut(usage);
    return 0;
  }
  try {
    const mode = values.mode as 'ac' | 'dc';
    const physics = scaledClock(systemClock, parseNumber('speed', values.speed, Number.MIN_VALUE));
    const pki = values.tls ? await loadOrCreateTestPki(values.pki) : undefined;
    const pcap = values.pcap ? await PcapRecorder.open(values.pcap) : undefined;
    const supplies = new Map<number, SimulatedSupply>();
    const { hook: inspect, inspection } = await startInspectionFor(values);
    const stationOptions: SeccStationOptions = {
      iface: values.iface,
      host: values.host,
      port: parseNumber('port', values.port),
      sdpPort: parseNumber('sdp-port', values['sdp-port']),
      protocols: parseProtocols(values.protocols),
      tls: pki ? { credentials: seccTlsCredentials(pki) } : undefined,
      evseId: values['evse-id'],
      settings: seccSettingsFor(mode),
      powerModule: (index) => {
        const supply = simulatedSupply(physics, mode);
        supplies.set(index, supply);
        return supply;
      },
      pcap,
      inspect,
      keepMessages: true,
      log: (line) => writeErr(`${line}\n`),
    };
    const watch = (station: SeccStation): void => {
      const tls = station.tlsAddress ? `, TLS on [${station.tlsAddress.address}]:${station.tlsAddress.port}` : '';
      writeErr(`SECC: V2G on [${station.address.address}]:${station.address.port}${tls}, SDP on port ${station.sdpPort}\n`);
      station.sessions$.subscribe((session) => {
        const start = systemClock.now();
        if (!values.json) session.actors$.subscribe(({ layer, actor }) => followStates(actor, `#${session.index} ${layer}`, start, systemClock.now, () => '', (l) => void writeOut(l)));
        void session.outcome.then(async (outcome) => {
          const protocol = (await session.protocol) ?? 'no protocol';
          const supply = supplies.get(session.index);
          supplies.delete(session.index);
          supply?.stop();
          const energyWh = Math.round((supply?.status.meterWh ?? 0) * 10) / 10;
          if (values.json) {
            await writeOut(`${JSON.stringify({ session: session.index, protocol, result: outcome.result, ...(outcome.reason ? { reason: outcome.reason } : {}), energyWh, messages: session.messages.length })}\n`);
          } else {
            await writeOut(formatSummary({ protocol: `#${session.index} ${protocol}`, result: outcome.result, reason: outcome.reason, energyWh, messages: session.messages, seconds: (systemClock.now() - start) / 1000 }));
          }
        });
      });
    };
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    if (values.slac) {
      const port = await slacPort(values.iface as string);
      const follow = values.json ? undefined : (actor: AnyActorRef) => followStates(actor, 'slac', systemClock.now(), systemClock.now, () => '', (l) => void writeOut(l));
      writeErr(`SECC: SLAC on ${values.iface}, SDP and V2G open once an EV has matched\n`);
      await serveWithSlac({ slac: { port, log: stationOptions.log, inspect }, station: stationOptions, signal: stop.signal, onSlac: (run) => follow?.(run.actor), onStation: watch }).finally(() => port.close());
    } else {
      const station = await startSeccStation(stationOptions);
      watch(station);
      await new Promise((resolve) => stop.signal.addEventListener('abort', resolve));
      await station.close();
    }
    await pcap?.close();
    await inspection?.close();
    return 0;
  } catch (e) {
    writeErr(`kopher-v2g secc: ${oneLineMessage(e)}\n`);
    return 1;
  }
}
