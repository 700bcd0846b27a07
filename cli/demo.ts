/**
 * `kopher-v2g demo`: a whole charging session in one process, EVCC and SECC each with its own simulator, over real
 * loopback sockets (SDP on UDP, V2G on TCP, TLS 1.2, or for ISO 15118-20 TLS 1.3 with a lab PKI made for the run) -
 * the README's main job, and the quickest way to see every layer of the stack work. A bidirectional (BPT) run follows
 * the simulated energy manager's grid scenario: charge, give energy back for a while, charge to the target.
 */
import { parseArgs } from 'node:util';
import type { AnyActorRef } from 'xstate';
import { PcapRecorder } from '../actors/capture/pcap-recorder.js';
import { scaledClock, systemClock } from '../base/clock.js';
import { runEvcc } from '../actors/stack/evcc-client.js';
import { startSeccStation } from '../actors/stack/secc-station.js';
import { createEnergyManagerSimulator } from '../adapters/simulators/energy-manager.js';
import { generateLabPki, loadOrCreateTestPki, seccTlsCredentials, vehicleTlsCredentials, type LabCertificates } from '../crypto/index.js';
import { commandFailure, usageFailure } from './errors.js';
import { writeOut } from './io.js';
import { followStates } from './live-status.js';
import { PACK_OPTION, PACK_USAGE, parsePack } from './simulation-options.js';
import { DEFAULT_SCENARIO, simulatedBattery, simulatedSupply, type Pack, type SimulatedSupply } from './simulation.js';
import { simulatedVehicleNetwork } from './vehicle-network.js';
import { DEFAULT_DIN_EVSE_ID, DEFAULT_EVSE_ID, DEFAULT_PKI_DIR, evccIdOf, STRICT_OPTION, STRICT_USAGE } from './shared-options.js';
import { INSPECTION_OPTIONS, INSPECTION_USAGE, inspectPortOf, serveUntilInterrupted, startInspectionFor, withInspectValue } from './inspection-options.js';
import { reportRun } from './report.js';
import { CAPTURE_USAGE, keyLogFromEnvironment } from './capture-options.js';
import { stackLog, VERBOSE_OPTION, VERBOSE_USAGE } from './stack-log.js';
import { demoSlac } from './slac.js';
import { CONTROL_MODES, DEMO_PROTOCOLS, evccSettingsFor, isIso20Choice, seccSettingsFor, type ControlChoice, type DemoProtocol } from './protocol-choice.js';
import { plugAndChargeDemo } from './pnc-demo.js';

/** The demo's grid scenario, s of wall time (the sessions keep real time): short enough to watch. */
const GRID = { chargeFirstS: 5, dischargeS: 5 } as const;

export const usage = `Usage: kopher-v2g demo [options]

Runs an EVCC and an SECC in one process over loopback (SDP + TCP, TLS 1.2, or TLS 1.3 for ISO 15118-20) with a
simulated battery and power stage, prints a line per state and a summary; exits 0 when the session ended normally
(SessionStop).
  --protocol P      ${DEMO_PROTOCOLS.join(' | ')} (default din); iso20-*
                    always over TLS 1.3 with a -20 lab PKI made for the run (the vehicle's OEM chain as TLS client
                    certificate); -bpt: bidirectional, following a grid scenario (charge ${GRID.chargeFirstS} s, give energy back
                    ${GRID.dischargeS} s, charge to the target)
  --control C       ISO 15118-20: ${Object.keys(CONTROL_MODES).join(' | ')} (default scheduled)
  --tls             TLS 1.2 with a generated test PKI (ISO 15118-2; DIN runs on TCP, ISO 15118-20 on TLS 1.3 anyway)
  --pnc             Plug & Charge with a lab PKI and the local contract backend (ISO 15118-2 over TLS 1.2; ISO 15118-20)
  --install         with --pnc: the EV holds no contract and installs one first (CertificateInstallation)
  --speed X         simulated physics X times faster than real time (default 10)
${PACK_USAGE}
  --loop-interval MS  pause between CurrentDemand/ChargingStatus requests (default 50)
  --can-sim         the EV's values travel as CAN frames of the example BMS/VCU/EMS matrix
                    (examples/vehicle-network/) over an in-process bus, from the simulated battery to the EVCC
${CAPTURE_USAGE}
  --slac            pair EV and EVSE by SLAC (ISO 15118-3) first, through the software PLC modem simulator in this
                    process; SDP and the session then still run over the loopback sockets
  --json            print one JSON object at the end instead of the live view
${STRICT_USAGE}
${VERBOSE_USAGE}
${INSPECTION_USAGE}
`;

interface DemoArgs {
  readonly protocol: DemoProtocol;
  readonly control: ControlChoice;
  readonly tls: boolean;
  readonly pnc: boolean;
  readonly install: boolean;
  readonly speed: number;
  readonly pack: Pack;
  readonly loopInterval: number;
  readonly pcap?: string;
  readonly slac: boolean;
  readonly canSim: boolean;
  readonly json: boolean;
  readonly strict: boolean;
  readonly inspect?: string;
  readonly record?: string;
  readonly verbose: boolean;
}

function parse(args: readonly string[]): DemoArgs | 'help' {
  const { values } = parseArgs({
    args: withInspectValue(args),
    options: {
      ...INSPECTION_OPTIONS,
      ...PACK_OPTION,
      ...STRICT_OPTION,
      ...VERBOSE_OPTION,
      protocol: { type: 'string', default: 'din' },
      control: { type: 'string' },
      tls: { type: 'boolean', default: false },
      pnc: { type: 'boolean', default: false },
      install: { type: 'boolean', default: false },
      speed: { type: 'string', default: '10' },
      'loop-interval': { type: 'string', default: '50' },
      pcap: { type: 'string' },
      slac: { type: 'boolean', default: false },
      'can-sim': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const protocol = values.protocol as DemoProtocol;
  if (!DEMO_PROTOCOLS.includes(protocol)) throw new RangeError(`--protocol ${values.protocol}: one of ${DEMO_PROTOCOLS.join(', ')}`);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new RangeError(`--speed ${values.speed}: a positive number`);
  const loopInterval = Number(values['loop-interval']);
  if (!(loopInterval >= 0)) throw new RangeError(`--loop-interval ${values['loop-interval']}: milliseconds, 0 or more`);
  inspectPortOf(values);
  if (values.tls && protocol === 'din') throw new RangeError('--tls: DIN 70121 runs on plain TCP only [V2G-DC-618]');
  const control = (values.control ?? 'scheduled') as ControlChoice;
  if (!(control in CONTROL_MODES)) throw new RangeError(`--control ${values.control}: one of ${Object.keys(CONTROL_MODES).join(', ')}`);
  if (values.control !== undefined && !isIso20Choice(protocol)) throw new RangeError('--control: ISO 15118-20 only (--protocol iso20-…)');
  if (values.pnc && !protocol.startsWith('iso2-') && !isIso20Choice(protocol)) throw new RangeError('--pnc: Plug & Charge is ISO 15118-2 or -20 (--protocol iso2-… or iso20-…)');
  if (values.install && !values.pnc) throw new RangeError('--install: with --pnc only');
  // ISO 15118-2's Plug & Charge needs TLS 1.2; ISO 15118-20 runs on TLS 1.3 anyway.
  return { protocol, control, tls: values.tls || (values.pnc && !isIso20Choice(protocol)), pnc: values.pnc, install: values.install, speed, pack: parsePack(values.pack), loopInterval, pcap: values.pcap, slac: values.slac, canSim: values['can-sim'], json: values.json, strict: values.strict, inspect: values.inspect, record: values.record, verbose: values.verbose };
}

export async function run(args: readonly string[]): Promise<number> {
  let options: DemoArgs | 'help';
  try {
    options = parse(args);
  } catch (e) {
    return usageFailure('demo', usage, e);
  }
  if (options === 'help') {
    await writeOut(usage);
    return 0;
  }
  try {
    return await demo(options);
  } catch (e) {
    return commandFailure('demo', usage, e);
  }
}

async function demo(options: DemoArgs): Promise<number> {
  const { protocol, mode, settings, bpt } = evccSettingsFor(options.protocol, options.control);
  const physics = scaledClock(systemClock, options.speed);
  const battery = simulatedBattery(physics, mode, DEFAULT_SCENARIO[mode], options.pack, bpt);
  const supplies: SimulatedSupply[] = [];
  const iso20 = isIso20Choice(options.protocol);
  // ISO 15118-20 runs on TLS 1.3 only: the -20 chains are made for this run and forgotten with it.
  const labPki = iso20 ? await generateLabPki({ profile: 'iso20', ocspResponderUrl: false }) : undefined;
  const lab = labPki?.certificates;
  // ISO 15118-2's Plug & Charge runs on a -2 lab PKI of its own, whose CPO chain is also the TLS 1.2 one.
  const pncLab = options.pnc ? (labPki ?? (await generateLabPki({ profile: 'iso2', ocspResponderUrl: false }))) : undefined;
  const pnc = pncLab && plugAndChargeDemo(pncLab, options.install);
  const pki = iso20 ? undefined : pncLab ? pncLab.certificates : options.tls ? await loadOrCreateTestPki(DEFAULT_PKI_DIR) : undefined;
  // The plans come from the site's energy manager; the grid scenario is on the sessions' clock, which keeps real time.
  const grid = bpt ? createEnergyManagerSimulator({ clock: systemClock, ...GRID }) : undefined;
  const pcap = options.pcap ? await PcapRecorder.open(options.pcap) : undefined;
  const live = options.json ? undefined : (line: string): void => void writeOut(line);
  const start = systemClock.now();
  const details = (): string => {
    const supply = supplies.at(-1)?.status;
    const measured = supply ? `${supply.presentVoltage.toFixed(0).padStart(4)} V ${supply.presentCurrent.toFixed(0).padStart(4)} A` : '';
    return `SoC ${battery.status.soc.toFixed(1).padStart(5)} %  ${measured}`;
  };
  const follow = (role: string, actor: AnyActorRef): void => {
    if (live) followStates(actor, role, start, systemClock.now, details, live);
  };
  const { hook: inspect, inspection } = await startInspectionFor(options);
  const log = stackLog(options.verbose);
  const slac = options.slac ? demoSlac({ evMac: await evccIdOf(undefined), follow, inspect, log, pcap }) : undefined;
  const slacFailure = await slac?.failure;
  if (slacFailure !== undefined) {
    slac?.link.close();
    await inspection?.close();
    throw new Error(`SLAC failed: ${slacFailure}`);
  }
  const network = options.canSim ? await simulatedVehicleNetwork(battery, systemClock, log, inspect) : undefined;
  const station = await startSeccStation({
    host: '::1',
    sdpPort: 0,
    protocols: [protocol],
    tls: pki ? { credentials: seccTlsCredentials(pki) } : lab && { tls13: { credentials: seccTlsCredentials(lab), clientAuthentication: vehicleAuthentication(lab) } },
    energyPlanning: grid && (() => grid),
    evseId: DEFAULT_EVSE_ID,
    dinEvseId: DEFAULT_DIN_EVSE_ID,
    settings: seccSettingsFor(mode),
    ...pnc?.station,
    inspect,
    strict: options.strict,
    log,
    powerModule: () => {
      const supply = simulatedSupply(physics, mode, battery, {}, bpt);
      supplies.push(supply);
      // The metered stage is for ISO 15118-2's signed MeteringReceipt; the -20 demo charges on the stage's own count.
      return pnc && !iso20 ? pnc.metered(supply) : supply;
    },
  });
  station.sessions$.subscribe((session) => session.actors$.subscribe(({ layer, actor }) => follow(`SECC ${layer === 'apphand' ? 'handshake' : protocol}`, actor)));
  try {
    const result = await runEvcc({
      sdpTarget: '::1',
      sdpPort: station.sdpPort,
      // The EVCC's session secrets are the SECC's too: one side writes them, as one side records the capture.
      tls: pki
        ? { trustedRoots: [pki.v2gRootCa.pem], keylog: keyLogFromEnvironment() }
        : lab && { trustedRoots: [lab.v2gRootCa.pem], credentials: vehicleTlsCredentials(lab), keylog: keyLogFromEnvironment() },
      protocols: [protocol],
      vehicle: network?.vehicle ?? battery,
      evccId: await evccIdOf(undefined),
      settings: pnc ? pnc.evSettings(settings) : settings,
      ...pnc?.ev,
      loopInterval: options.loopInterval,
      // Only the EVCC records: it sees every datagram and message of the run; both sides would write each twice.
      pcap,
      inspect,
      strict: options.strict,
      log,
      onActor: (layer, actor) => follow(`EVCC ${layer === 'session' ? protocol : layer === 'apphand' ? 'handshake' : 'SDP'}`, actor),
    });
    const energyWh = supplies.reduce((sum, s) => sum + s.status.meterWh, 0);
    const energyDischargedWh = supplies.reduce((sum, s) => sum + (s.status.meterReturnedWh ?? 0), 0);
    const exitCode = await reportRun({ protocol: options.protocol, result, energyWh, energyDischargedWh, finalSoC: battery.status.soc, seconds: (systemClock.now() - start) / 1000, json: options.json });
    await serveUntilInterrupted(inspection);
    return exitCode;
  } finally {
    slac?.link.close();
    network?.close();
    await station.close();
    battery.stop();
    for (const s of supplies) s.stop();
    grid?.stop();
    await pcap?.close();
    await inspection?.close();
  }
}

/** The station asks for the vehicle's OEM chain and verifies it against the lab's OEM root; an EV without one is served too. */
function vehicleAuthentication(lab: LabCertificates): { trustedRoots: string[]; required: false } {
  return { trustedRoots: [lab.oemRootCa.pem], required: false };
}
