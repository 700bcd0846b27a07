/**
 * `kopher-v2g evcc`: one charging session of a simulated vehicle against a real SECC (or `kopher-v2g secc`): SLAC
 * with `--slac`, SDP on the PLC interface, TCP or TLS 1.2, the handshake and the session; a line per state and a
 * summary, or `--json`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyActorRef } from 'xstate';
import { PcapRecorder } from '../actors/capture/pcap-recorder.js';
import { scaledClock, systemClock } from '../actors/runtime/clock.js';
import { runEvcc } from '../actors/stack/evcc-client.js';
import { commandFailure, usageFailure } from './errors.js';
import { writeOut } from './io.js';
import { followStates, LiveView, watchedBattery } from './live-status.js';
import { INSPECTION_OPTIONS, INSPECTION_USAGE, inspectPortOf, serveUntilInterrupted, startInspectionFor, withInspectValue } from './inspection-options.js';
import { reportRun } from './report.js';
import { CAPTURE_USAGE, keyLogFromEnvironment } from './capture-options.js';
import { stackLog, VERBOSE_OPTION, VERBOSE_USAGE } from './stack-log.js';
import { DEFAULT_PKI_DIR, evccIdOf, parseNumber, parseProtocols } from './shared-options.js';
import { simulatedBattery } from './simulation.js';
import { matchEvOn } from './slac.js';

export const usage = `Usage: kopher-v2g evcc [options]

Runs one charging session of a simulated vehicle against an SECC; exits 0 when it ended normally (SessionStop).
  --iface IF        the PLC interface (SDP multicast to ff02::1 there; EVCCID is its MAC)
  --slac            match by SLAC (ISO 15118-3) on --iface first, over raw Ethernet (root or CAP_NET_RAW)
  --sdp-target A    send SDP to this address instead of ff02::1 (e.g. ::1 for loopback)
  --sdp-port N      SDP port (default 15118)
  --protocols LIST  most preferred first (default din,iso2)
  --mode ac|dc      AC or DC charging (ISO 15118-2; DIN is DC) (default dc)
  --tls             ask for TLS in SDP and trust the V2G root in --trust
  --trust FILE      V2G root certificate, PEM (default the test PKI's in ${DEFAULT_PKI_DIR})
  --speed X         simulated physics X times faster than real time (default 1)
  --loop-interval MS  pause between CurrentDemand/ChargingStatus requests (default 100)
${CAPTURE_USAGE}
  --json            print one JSON object at the end instead of the live view
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
        ...VERBOSE_OPTION,
        iface: { type: 'string' },
        slac: { type: 'boolean', default: false },
        'sdp-target': { type: 'string' },
        'sdp-port': { type: 'string', default: '15118' },
        protocols: { type: 'string', default: 'din,iso2' },
        mode: { type: 'string', default: 'dc' },
        tls: { type: 'boolean', default: false },
        trust: { type: 'string', default: join(DEFAULT_PKI_DIR, 'V2GRootCA.pem') },
        speed: { type: 'string', default: '1' },
        'loop-interval': { type: 'string', default: '100' },
        pcap: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
    if (values.mode !== 'ac' && values.mode !== 'dc') throw new RangeError(`--mode ${values.mode}: ac or dc`);
    if (values.slac && !values.iface) throw new RangeError('--slac needs --iface IF, the interface of the PLC modem');
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
    const protocols = parseProtocols(values.protocols);
    const battery = simulatedBattery(scaledClock(systemClock, parseNumber('speed', values.speed, Number.MIN_VALUE)), mode);
    const watched = watchedBattery(battery);
    const view = values.json ? undefined : new LiveView(process.stdout, watched.sample);
    const show = (line: string): void => view?.line(line);
    const trustedRoots = values.tls ? [await readFile(values.trust, 'utf8')] : undefined;
    const pcap = values.pcap ? await PcapRecorder.open(values.pcap) : undefined;
    const start = systemClock.now();
    const log = stackLog(values.verbose);
    const initialSoc = battery.status.soc;
    let closeSlac: (() => void) | undefined;
    const { hook: inspect, inspection } = await startInspectionFor(values);
    try {
      if (values.slac) {
        const follow = view && ((actor: AnyActorRef) => followStates(actor, 'EVCC slac', start, systemClock.now, () => '', show));
        closeSlac = await matchEvOn({ iface: values.iface as string, follow, inspect, log, pcap });
      }
      const result = await runEvcc({
        iface: values.iface,
        sdpTarget: values['sdp-target'],
        sdpPort: parseNumber('sdp-port', values['sdp-port']),
        tls: trustedRoots ? { trustedRoots, keylog: keyLogFromEnvironment() } : undefined,
        protocols,
        vehicle: watched.vehicle,
        evccId: await evccIdOf(values.iface),
        settings: { iso2: mode === 'ac' ? { mode, energyTransferMode: 'AC_three_phase_core' } : { mode, energyTransferMode: 'DC_extended' } },
        loopInterval: parseNumber('loop-interval', values['loop-interval']),
        pcap,
        inspect,
        log,
        onActor: view && ((layer, actor) => followStates(actor, `EVCC ${layer}`, start, systemClock.now, () => `SoC ${battery.status.soc.toFixed(1).padStart(5)} %`, show)),
      });
      view?.close();
      const energyWh = ((battery.status.soc - initialSoc) / 100) * battery.status.energyCapacity;
      const exitCode = await reportRun({ protocol: result.protocol ?? 'none', result, energyWh, finalSoC: battery.status.soc, seconds: (systemClock.now() - start) / 1000, json: values.json });
      await serveUntilInterrupted(inspection);
      return exitCode;
    } finally {
      view?.close();
      closeSlac?.();
      battery.stop();
      await pcap?.close();
      await inspection?.close();
    }
  } catch (e) {
    return commandFailure('evcc', usage, e);
  }
}
