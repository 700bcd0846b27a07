/**
 * `kopher-v2g evcc`: one charging session of a simulated vehicle, or of a real one over its CAN network (`--can`,
 * `--slcan` with a DBC and a mapping), against a real SECC (or `kopher-v2g secc`): SLAC
 * with `--slac`, SDP on the PLC interface, TCP or TLS 1.2, the handshake and the session; a line per state and a
 * summary, or `--json`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyActorRef } from 'xstate';
import { PcapRecorder } from '../actors/capture/pcap-recorder.js';
import { scaledClock, systemClock } from '../base/clock.js';
import { runEvcc } from '../actors/stack/evcc-client.js';
import { commandFailure, usageFailure, UsageError } from './errors.js';
import { writeErr, writeOut } from './io.js';
import { followStates, LiveView, watchedVehicle } from './live-status.js';
import { INSPECTION_OPTIONS, INSPECTION_USAGE, inspectPortOf, serveUntilInterrupted, startInspectionFor, withInspectValue } from './inspection-options.js';
import { reportRun } from './report.js';
import { CAPTURE_USAGE, keyLogFromEnvironment } from './capture-options.js';
import { stackLog, VERBOSE_OPTION, VERBOSE_USAGE } from './stack-log.js';
import { DEFAULT_PKI_DIR, evccIdOf, parseNumber, parseProtocols, STRICT_OPTION, STRICT_USAGE } from './shared-options.js';
import { PACK_OPTION, PACK_USAGE, parsePack } from './simulation-options.js';
import { DEFAULT_SCENARIO, simulatedBattery } from './simulation.js';
import { canVehicle, simulated } from './vehicle-network.js';
import { matchEvOn } from './slac.js';
import { DEFAULT_PKI20_DIR, iso20Pki } from './iso20-pki.js';
import { evccLabPlugAndCharge, PNC_NEEDS_TLS } from './pnc-lab.js';
import { CONTROL_MODES, type ControlChoice } from './protocol-choice.js';
import { isIso20Session, type EvccSessionSettings, type Iso20EvccSettings } from '../actors/stack/session-machines.js';

export const usage = `Usage: kopher-v2g evcc [options]

Runs one charging session of a simulated vehicle (or of the vehicle on --can/--slcan) against an SECC; exits 0
when it ended normally (SessionStop) and the vehicle network had no fault.
  --iface IF        the PLC interface (SDP multicast to ff02::1 there; EVCCID is its MAC)
  --slac            match by SLAC (ISO 15118-3) on --iface first, over raw Ethernet (root or CAP_NET_RAW)
  --sdp-target A    send SDP to this address instead of ff02::1 (e.g. ::1 for loopback)
  --sdp-port N      SDP port (default 15118)
  --protocols LIST  din, iso2, iso20, most preferred first (default din,iso2); iso20 runs over TLS 1.3 only, with
                    the -20 lab PKI in --pki20 (its V2G root trusted, its vehicle chain sent when the SECC asks)
  --mode ac|dc      AC or DC charging (DIN is DC) (default dc)
  --bpt             ISO 15118-20: bidirectional (AC_BPT, DC_BPT): the simulated battery gives energy back when the
                    SECC asks for it
  --control C       ISO 15118-20: scheduled | dynamic (default scheduled)
  --pki20 DIR       the ISO 15118-20 lab PKI, as \`pki init --profile iso20\` writes it (default --pnc's DIR, else
                    ${DEFAULT_PKI20_DIR}, made when absent)
  --pnc DIR         Plug & Charge (ISO 15118-2 Contract, -20 PnC; over TLS only) with the vehicle's contract store in
                    the lab folder \`pki init\` wrote: its contract chain and key, OEM provisioning certificate and
                    V2G root; a contract installed or updated is written back there
  --install         with --pnc: start without the folder's contract and install one first (CertificateInstallation)
${PACK_USAGE}
  --tls             ask for TLS in SDP and trust the V2G root in --trust
  --trust FILE      V2G root certificate, PEM (default --pnc's DIR's, else the test PKI's in ${DEFAULT_PKI_DIR})
  --can IF          the vehicle's BMS/VCU/EMS over SocketCAN interface IF instead of the simulated battery
  --slcan DEVICE    … or over an SLCAN (Lawicel) serial adapter, e.g. /dev/ttyACM0
  --can-bitrate N   SLCAN: the bus's bit rate, bit/s (default 500000)
  --can-data-bitrate N  SLCAN: CAN FD with this data bit rate, bit/s (2000000 or 5000000)
  --dbc FILE        the vehicle's signal matrix (with --can/--slcan), e.g. examples/vehicle-network/generic-bms.dbc
  --map FILE        which DBC signal is which vehicle value, e.g. examples/vehicle-network/generic-bms.json
  --speed X         simulated physics X times faster than real time (default 1)
  --loop-interval MS  pause between CurrentDemand/ChargingStatus requests (default 100)
${CAPTURE_USAGE}
  --json            print one JSON object at the end instead of the live view
${STRICT_USAGE}
${VERBOSE_USAGE}
${INSPECTION_USAGE}
`;

export async function run(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: withInspectValue(args),
      options: {
        ...INSPECTION_OPTIONS,
        ...PACK_OPTION,
        ...STRICT_OPTION,
        ...VERBOSE_OPTION,
        iface: { type: 'string' },
        slac: { type: 'boolean', default: false },
        'sdp-target': { type: 'string' },
        'sdp-port': { type: 'string', default: '15118' },
        protocols: { type: 'string', default: 'din,iso2' },
        mode: { type: 'string', default: 'dc' },
        bpt: { type: 'boolean', default: false },
        control: { type: 'string', default: 'scheduled' },
        pki20: { type: 'string' },
        pnc: { type: 'string' },
        install: { type: 'boolean', default: false },
        tls: { type: 'boolean', default: false },
        trust: { type: 'string' },
        can: { type: 'string' },
        slcan: { type: 'string' },
        'can-bitrate': { type: 'string', default: '500000' },
        'can-data-bitrate': { type: 'string' },
        dbc: { type: 'string' },
        map: { type: 'string' },
        speed: { type: 'string', default: '1' },
        'loop-interval': { type: 'string', default: '100' },
        pcap: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
    if (values.mode !== 'ac' && values.mode !== 'dc') throw new RangeError(`--mode ${values.mode}: ac or dc`);
    if (!(values.control in CONTROL_MODES)) throw new RangeError(`--control ${values.control}: one of ${Object.keys(CONTROL_MODES).join(', ')}`);
    if (values.slac && !values.iface) throw new RangeError('--slac needs --iface IF, the interface of the PLC modem');
    if (values.can !== undefined && values.slcan !== undefined) throw new RangeError('--can and --slcan: one vehicle network');
    if ((values.can ?? values.slcan) !== undefined && (!values.dbc || !values.map)) throw new RangeError('--can/--slcan need --dbc FILE and --map FILE');
    if ((values.dbc || values.map) && (values.can ?? values.slcan) === undefined) throw new RangeError('--dbc/--map need --can IF or --slcan DEVICE');
    if (values.install && values.pnc === undefined) throw new RangeError('--install needs --pnc DIR, the contract store it installs into');
    parsePack(values.pack);
    inspectPortOf(values);
  } catch (e) {
    return usageFailure('evcc', usage, e);
  }
  if (values.help) {
    await writeOut(usage);
    return 0;
  }
  try {
    const mode = values.mode as 'ac' | 'dc';
    const protocols = parseProtocols(values.protocols, mode);
    const iso20 = protocols.find(isIso20Session);
    // ISO 15118-20 runs on TLS 1.3 only [V2G20-1237]: an EV that offers it asks for TLS, with the -20 lab's roots.
    if (values.pnc !== undefined && !values.tls && !iso20) throw new UsageError(PNC_NEEDS_TLS);
    const pki20 = iso20 ? await iso20Pki(values.pki20 ?? values.pnc ?? DEFAULT_PKI20_DIR) : undefined;
    const trust = values.trust ?? join(values.pnc ?? DEFAULT_PKI_DIR, 'V2GRootCA.pem');
    const trustedRoots = [...(values.tls ? [await readFile(trust, 'utf8')] : []), ...(pki20 ? [await pki20.v2gRoot()] : [])];
    const pnc = values.pnc === undefined ? undefined : await evccLabPlugAndCharge(values.pnc, values.install);
    const service = iso20 && ({ 'iso20-dc': values.bpt ? 'DC_BPT' : 'DC', 'iso20-ac': values.bpt ? 'AC_BPT' : 'AC' } as const)[iso20];
    const withPnc = pnc ? pnc.settings : (settings: EvccSessionSettings): EvccSessionSettings => settings;
    const pcap = values.pcap ? await PcapRecorder.open(values.pcap) : undefined;
    const warn = (line: string): void => writeErr(`${line}\n`);
    const vehicle = values.dbc && values.map
      ? await canVehicle({ dbc: values.dbc, map: values.map, can: values.can, slcan: values.slcan, bitrate: parseNumber('can-bitrate', values['can-bitrate']), dataBitrate: values['can-data-bitrate'] === undefined ? undefined : parseNumber('can-data-bitrate', values['can-data-bitrate']), warn })
      : simulated(simulatedBattery(scaledClock(systemClock, parseNumber('speed', values.speed, Number.MIN_VALUE)), mode, DEFAULT_SCENARIO[mode], parsePack(values.pack), values.bpt));
    const start = systemClock.now();
    const log = stackLog(values.verbose);
    const initialSoc = vehicle.soc();
    const watched = watchedVehicle(vehicle);
    const view = values.json ? undefined : new LiveView(process.stdout, watched.sample);
    const show = (line: string): void => view?.line(line);
    let closeSlac: (() => void) | undefined;
    const { hook: inspect, inspection } = await startInspectionFor(values).catch((e: unknown) => {
      // An open CAN port would keep the process alive.
      vehicle.close();
      throw e;
    });
    vehicle.inspectWith(inspect);
    try {
      if (values.slac) {
        const follow = view && ((actor: AnyActorRef) => followStates(actor, 'EVCC slac', start, systemClock.now, () => '', show));
        closeSlac = await matchEvOn({ iface: values.iface as string, follow, inspect, log, pcap });
      }
      const result = await runEvcc({
        iface: values.iface,
        sdpTarget: values['sdp-target'],
        sdpPort: parseNumber('sdp-port', values['sdp-port']),
        tls: trustedRoots.length > 0 ? { trustedRoots, credentials: await pki20?.vehicleCredentials(), keylog: keyLogFromEnvironment() } : undefined,
        protocols,
        vehicle: watched.vehicle,
        evccId: await evccIdOf(values.iface),
        ...pnc?.options,
        settings: withPnc({
          iso2: mode === 'ac' ? { mode, energyTransferMode: 'AC_three_phase_core' } : { mode, energyTransferMode: 'DC_extended' },
          ...(iso20 && service ? { iso20: { protocol: iso20, service, controlMode: CONTROL_MODES[values.control as ControlChoice] } as Iso20EvccSettings } : {}),
        }),
        loopInterval: parseNumber('loop-interval', values['loop-interval']),
        pcap,
        inspect,
        strict: values.strict,
        log,
        onActor: view && ((layer, actor) => followStates(actor, `EVCC ${layer}`, start, systemClock.now, () => `SoC ${vehicle.soc().toFixed(1).padStart(5)} %`, show)),
      });
      view?.close();
      // The simulated battery counts each way; a real one's SoC tells only the net energy.
      const counted = vehicle.energy();
      const energyWh = counted ? counted.chargedWh : ((vehicle.soc() - initialSoc) / 100) * vehicle.energyCapacity();
      const exitCode = await reportRun({ protocol: result.protocol ?? 'none', result, energyWh, energyDischargedWh: counted?.dischargedWh ?? 0, finalSoC: vehicle.soc(), seconds: (systemClock.now() - start) / 1000, json: values.json });
      // A session the vehicle network stopped ended as the standard has it, but the charge did not: say why, exit 1.
      for (const fault of vehicle.faults()) writeErr(`kopher-v2g evcc: vehicle network fault (${fault.kind}): ${fault.reason}\n`);
      await serveUntilInterrupted(inspection);
      return vehicle.faults().length > 0 ? 1 : exitCode;
    } finally {
      view?.close();
      closeSlac?.();
      vehicle.close();
      await pcap?.close();
      await inspection?.close();
    }
  } catch (e) {
    return commandFailure('evcc', usage, e);
  }
}
