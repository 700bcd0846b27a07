/**
 * The ISO 15118-20 EVCC machine against a scripted SECC built from the -20 message builders (machines/iso20/), without
 * sockets: every message either side sends is encoded with the strict encoder and decoded again (the oracle: a message
 * the codec refuses fails the test) before the other side reads it. Time is a SimulatedClock, which also stamps the
 * headers. The script answers like a cooperative station; a test changes what it needs through `SeccScript`.
 */
import { createActor, SimulatedClock, type Actor, type InspectionEvent } from 'xstate';
import type { VehicleAdapter, VehicleCommand, VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import { decode, encode } from '../../codecs/exi/index.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import type { processingType, responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import * as ac from '../../machines/iso20/iso20-ac-messages.js';
import * as dc from '../../machines/iso20/iso20-dc-messages.js';
import { isNewSessionRequest, type MessageContext } from '../../machines/iso20/iso20-header.js';
import type { ControlFacts, MeterFacts } from '../../machines/iso20/iso20-loop-parts.js';
import { meteringConfirmationRes } from '../../machines/iso20/iso20-metering.js';
import type { NotificationFacts } from '../../machines/iso20/iso20-notifications.js';
import { powerDeliveryRes } from '../../machines/iso20/iso20-power-delivery.js';
import { scheduleExchangeRes, type ScheduleTupleFacts } from '../../machines/iso20/iso20-schedule-exchange.js';
import { serviceDetailRes, serviceDiscoveryRes, serviceSelectionRes } from '../../machines/iso20/iso20-service-messages.js';
import { SERVICE_IDS, isBidirectional, isDcService, type ControlMode, type EnergyService, type ParameterSetFacts } from '../../machines/iso20/iso20-services.js';
import { authorizationRes, authorizationSetupRes, sessionSetupRes, sessionStopRes } from '../../machines/iso20/iso20-setup-messages.js';
import { iso20EvccMachine, type Iso20EvccInput, type Iso20EvccOutcome } from '../../machines/iso20/evcc/iso20-evcc.js';
import type { Iso20Document } from '../../machines/iso20/evcc/iso20-evcc-messages.js';
import { iso20TimingFor } from '../../machines/timing/v2g-timers.js';
import { parameterSetOf } from './session-facts.js';
import { EVCC_ID, VEHICLE as ISO2_VEHICLE } from '../iso2/wiring.js';

export const SESSION_ID = Uint8Array.of(0x4b, 0x50, 0x52, 0x32, 0x30, 0x00, 0x00, 0x01);
export { EVCC_ID };

/** ISO 15118-2's test vehicle with what -20 adds: a target and minimum SoC, the discharge limits and V2X permission. */
export const VEHICLE: VehicleStatus = {
  ...ISO2_VEHICLE,
  minCurrent: 0,
  energyRequest: 24_000,
  targetSoc: 80,
  minSoc: 20,
  maxDischargePower: 11_000,
  minDischargePower: 0,
  maxDischargeCurrent: 30,
  minDischargeCurrent: 0,
  dischargeAllowed: true,
};

export type Namespace = Iso20EvccInput['protocol'];

export function evccInput(service: EnergyService, controlMode: ControlMode, clock: SimulatedClock, extra: Partial<Iso20EvccInput> = {}): Iso20EvccInput {
  const protocol: Namespace = isDcService(service) ? 'iso20-dc' : 'iso20-ac';
  return {
    timing: iso20TimingFor(),
    evccId: EVCC_ID,
    vehicle: VEHICLE,
    loopInterval: 100,
    clock,
    protocol,
    service,
    controlMode,
    authorization: 'EIM',
    prechargeTolerance: 20,
    ...extra,
  } as Iso20EvccInput;
}

/** What the scripted station does differently from a cooperative one. */
export interface SeccScript {
  /** Ongoing answers before Finished, per request (AuthorizationReq, ScheduleExchangeReq, DC_CableCheckReq); Infinity: never Finished. */
  readonly ongoing?: Partial<Record<string, number>>;
  /** The response code per request name (PowerDeliveryReq also by its ChargeProgress: `PowerDeliveryReq(Standby)`). */
  readonly codes?: Partial<Record<string, responseCodeType>>;
  readonly services?: readonly EnergyService[];
  readonly valueAddedServices?: readonly number[];
  readonly parameterSets?: (service: EnergyService) => readonly ParameterSetFacts[];
  readonly authorizationServices?: readonly ('EIM' | 'PnC')[];
  readonly serviceRenegotiationSupported?: boolean;
  readonly tuples?: readonly ScheduleTupleFacts[];
  /** The EVSEStatus of the loop response (and the PowerDeliveryRes of Start) numbered `loop` (from 1). */
  readonly notification?: (loop: number) => NotificationFacts | undefined;
  /** DC Dynamic: the current the station drives at loop `loop`, A (negative: discharging). */
  readonly dcCurrent?: (loop: number) => number;
  /** AC Dynamic: the target power at loop `loop`, W. */
  readonly acTarget?: (loop: number) => number;
  /** Sends MeterInfo with every loop response. */
  readonly meter?: boolean;
  /** The station's ChargeParameterDiscoveryRes limits in place of the cooperative ones. */
  readonly limits?: Readonly<Record<string, number>>;
  /** The output voltage PreCharge reaches; default the EV's target. */
  readonly prechargeVoltage?: number;
  /** SessionIDs the station has paused: a SessionSetupReq with one of them joins it. */
  readonly pausedIds?: readonly Uint8Array[];
}

/** The station's time line: its headers' TimeStamps, seconds since the epoch, from the same simulated clock. */
function stationContext(clock: SimulatedClock, sessionId: Uint8Array): MessageContext {
  return { sessionId, nowMs: clock.now() };
}

const name = (document: Iso20Document) => Object.keys(document.document)[0]!;

/** A cooperative -20 station, scripted: each request's response from the -20 builders. */
export function scriptedSecc(service: EnergyService, mode: ControlMode, clock: SimulatedClock, script: SeccScript = {}) {
  let sessionId: Uint8Array = SESSION_ID;
  let presentVoltage = 0;
  let loops = 0;
  let chargedWh = 0;
  let dischargedWh = 0;
  const counts = new Map<string, number>();
  const bpt = isBidirectional(service);

  const code = (request: string, fallback: responseCodeType = 'OK'): responseCodeType => script.codes?.[request] ?? fallback;
  const processing = (request: string): processingType => ((counts.get(request) ?? 0) <= (script.ongoing?.[request] ?? 0) ? 'Ongoing' : 'Finished');

  const dcLimits = {
    MaximumChargePower: 150_000, MinimumChargePower: 0, MaximumChargeCurrent: 300, MinimumChargeCurrent: 0, MaximumVoltage: 920, MinimumVoltage: 150,
    ...(bpt ? { MaximumDischargePower: 50_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 100, MinimumDischargeCurrent: 0 } : {}),
  };
  const acLimits = { MaximumChargePower: 22_000, MinimumChargePower: 1_380, NominalFrequency: 50, ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0 } : {}) };
  const defaultTuples = (): ScheduleTupleFacts[] => {
    const nowS = Math.floor(clock.now() / 1000);
    const power = isDcService(service) ? 50_000 : 11_000;
    return [
      {
        id: 3,
        charging: { power: { timeAnchorS: nowS, entries: [{ durationS: 86_400, power }] } },
        ...(bpt ? { discharging: { power: { timeAnchorS: nowS, entries: [{ durationS: 86_400, power: -power }] } } } : {}),
      },
    ];
  };

  const meterFacts = (): MeterFacts => ({ meterId: 'KPR-METER-1', chargedWh: Math.round(chargedWh), ...(bpt ? { dischargedWh: Math.round(dischargedWh) } : {}) });

  const loopDc = (req: ReturnType<typeof dc.readDcChargeLoopReq>, ctx: MessageContext): Iso20Document => {
    const control = req.control!;
    const current = mode === 'Scheduled' ? control.quantities['TargetCurrent']! : (script.dcCurrent?.(loops) ?? Math.min(100, control.quantities['MaximumChargeCurrent']!));
    const power = current * req.presentVoltage;
    if (power >= 0) chargedWh += power * 0.1 / 3600;
    else dischargedWh -= power * 0.1 / 3600;
    const resControl: ControlFacts =
      mode === 'Scheduled'
        ? { mode, bpt, quantities: {} }
        : { mode, bpt, quantities: { MaximumChargePower: 150_000, MinimumChargePower: 0, MaximumChargeCurrent: 300, MaximumVoltage: 920, ...(bpt ? { MaximumDischargePower: 50_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 100, MinimumVoltage: 150 } : {}) } };
    const notification = script.notification?.(loops);
    return dc.dcChargeLoopRes(ctx, {
      responseCode: code('DC_ChargeLoopReq'),
      ...(notification ? { notification } : {}),
      ...(script.meter ? { meter: meterFacts() } : {}),
      presentCurrent: current,
      presentVoltage: req.presentVoltage,
      powerLimitAchieved: false,
      currentLimitAchieved: false,
      voltageLimitAchieved: false,
      control: resControl,
    });
  };

  const loopAc = (ctx: MessageContext): Iso20Document => {
    const target = script.acTarget?.(loops) ?? 11_000;
    const control: ControlFacts = mode === 'Scheduled' ? { mode, bpt, quantities: {} } : { mode, bpt, quantities: { TargetActivePower: target } };
    const notification = script.notification?.(loops);
    return ac.acChargeLoopRes(ctx, { responseCode: code('AC_ChargeLoopReq'), ...(notification ? { notification } : {}), ...(script.meter ? { meter: meterFacts() } : {}), control });
  };

  return (request: Iso20Document): Iso20Document => {
    const req = name(request);
    counts.set(req, (counts.get(req) ?? 0) + 1);
    const element = (request.document as unknown as Record<string, Record<string, unknown>>)[req]!;
    const header = element['Header'] as { SessionID: Uint8Array };
    if (req === 'SessionSetupReq') {
      const joined = !isNewSessionRequest(header.SessionID) && (script.pausedIds ?? []).some((id) => id.every((b, i) => b === header.SessionID[i]));
      if (joined) sessionId = header.SessionID;
      return sessionSetupRes(stationContext(clock, sessionId), { responseCode: code(req, joined ? 'OK_OldSessionJoined' : 'OK_NewSessionEstablished'), evseId: 'DE*KPR*E2000*1' });
    }
    const ctx = stationContext(clock, sessionId);
    switch (req) {
      case 'AuthorizationSetupReq':
        return authorizationSetupRes(ctx, { responseCode: code(req), services: [...(script.authorizationServices ?? ['EIM'])], certificateInstallationService: false });
      case 'AuthorizationReq':
        return authorizationRes(ctx, { responseCode: code(req), processing: processing(req) });
      case 'ServiceDiscoveryReq':
        return serviceDiscoveryRes(ctx, {
          responseCode: code(req),
          serviceRenegotiationSupported: script.serviceRenegotiationSupported ?? true,
          energyServices: (script.services ?? [service]).map((s) => ({ serviceId: SERVICE_IDS[s], free: false })),
          valueAddedServices: (script.valueAddedServices ?? []).map((serviceId) => ({ serviceId, free: true })),
        });
      case 'ServiceDetailReq': {
        const id = element['ServiceID'] as number;
        const energy = (Object.keys(SERVICE_IDS) as (keyof typeof SERVICE_IDS)[]).find((k) => SERVICE_IDS[k] === id) as EnergyService;
        const sets =
          id === 65
            ? [{ service: 'Internet' as const, id: 1, protocol: 'https' as const, port: 443 as const }]
            : (script.parameterSets?.(energy) ?? [parameterSetOf(energy, mode)]);
        return serviceDetailRes(ctx, { responseCode: code(req), serviceId: id, parameterSets: [...sets] });
      }
      case 'ServiceSelectionReq':
        return serviceSelectionRes(ctx, { responseCode: code(req) });
      case 'DC_ChargeParameterDiscoveryReq':
        return dc.dcChargeParameterDiscoveryRes(ctx, { responseCode: code(req), limits: { bpt, quantities: script.limits ?? dcLimits } });
      case 'AC_ChargeParameterDiscoveryReq':
        return ac.acChargeParameterDiscoveryRes(ctx, { responseCode: code(req), limits: { bpt, quantities: script.limits ?? acLimits } });
      case 'ScheduleExchangeReq': {
        const state = processing(req);
        const nowS = Math.floor(clock.now() / 1000);
        const control =
          state === 'Ongoing'
            ? mode === 'Dynamic' ? { mode } : { mode, tuples: [{ id: 1, charging: { power: { timeAnchorS: nowS, entries: [{ durationS: 0, power: 0 }] } } }] }
            : mode === 'Dynamic' ? { mode, departureTime: 7_200, targetSoc: 80 } : { mode, tuples: [...(script.tuples ?? defaultTuples())] };
        return scheduleExchangeRes(ctx, { responseCode: code(req), processing: state, control } as Parameters<typeof scheduleExchangeRes>[1]);
      }
      case 'DC_CableCheckReq':
        return dc.dcCableCheckRes(ctx, { responseCode: code(req), processing: processing(req) });
      case 'DC_PreChargeReq': {
        presentVoltage = script.prechargeVoltage ?? dc.readDcPreChargeReq(element as never).targetVoltage;
        return dc.dcPreChargeRes(ctx, { responseCode: code(req), presentVoltage });
      }
      case 'PowerDeliveryReq': {
        const progress = element['ChargeProgress'];
        if (progress === 'Stop') presentVoltage = 0;
        return powerDeliveryRes(ctx, { responseCode: code(`PowerDeliveryReq(${String(progress)})`, code(req)) });
      }
      case 'DC_ChargeLoopReq':
        loops++;
        return loopDc(dc.readDcChargeLoopReq(element as never), ctx);
      case 'AC_ChargeLoopReq':
        loops++;
        return loopAc(ctx);
      case 'MeteringConfirmationReq':
        return meteringConfirmationRes(ctx, { responseCode: code(req) });
      case 'DC_WeldingDetectionReq':
        return dc.dcWeldingDetectionRes(ctx, { responseCode: code(req), presentVoltage });
      case 'SessionStopReq':
        return sessionStopRes(ctx, { responseCode: code(req) });
      default:
        throw new Error(`the scripted SECC has no answer to ${req}`);
    }
  };
}

/** The oracle every message passes: its schema's strict encoder, then the decoder, as the channel would. */
export function overTheWire(message: Iso20Document): Iso20Document {
  return v2gDocument(message.schema, decode(message.schema, encode(message.schema, message.document))) as Iso20Document;
}

/** `SessionSetupReq`, or with the response code: `SessionSetupRes:OK_NewSessionEstablished`; PowerDeliveryReq with its ChargeProgress. */
export function label(message: Iso20Document): string {
  const n = name(message);
  const element = (message.document as unknown as Record<string, Record<string, unknown>>)[n]!;
  if (typeof element['ResponseCode'] === 'string') return `${n}:${element['ResponseCode']}`;
  if (n === 'PowerDeliveryReq') return `${n}(${String(element['ChargeProgress'])})`;
  if (n === 'SessionStopReq') return `${n}(${String(element['ChargingSession'])})`;
  return n;
}

export interface Wired {
  readonly clock: SimulatedClock;
  readonly evcc: Actor<typeof iso20EvccMachine>;
  /** `EVCC SessionSetupReq`, `SECC SessionSetupRes:OK_NewSessionEstablished`, … in order. */
  readonly log: string[];
  readonly sent: Iso20Document[];
  /** When each request in `sent` left, ms on the clock. */
  readonly sentAt: number[];
  readonly vehicleCommands: VehicleCommand[];
  readonly closes: { readonly reason: string; readonly at: number }[];
  /** A request the strict encoder refused, or a machine error: what must never happen. */
  readonly problems: string[];
  advance(ms: number, step?: number): void;
  runToEnd(maxMs?: number): void;
  outcome(): Iso20EvccOutcome | undefined;
}

export interface WireOptions {
  readonly evcc?: Partial<Iso20EvccInput>;
  readonly secc?: SeccScript;
  readonly inspect?: (event: InspectionEvent) => void;
  /** Each SECC response reaches the EVCC as this makes it; `silence` silences the station from this response on. */
  readonly alter?: (message: Iso20Document, silence: () => void) => Iso20Document;
  /** A vehicle on the session's clock (the battery simulator): its status goes in, the EVCC's commands go to it. */
  readonly vehicle?: (clock: SimulatedClock) => VehicleAdapter;
}

export function wire(service: EnergyService, mode: ControlMode, options: WireOptions = {}): Wired {
  const clock = new SimulatedClock();
  clock.set(1_765_000_000_000);
  const vehicle = options.vehicle?.(clock);
  let initial: VehicleStatus | undefined;
  vehicle?.status$.subscribe((status) => (initial ??= status)).unsubscribe();
  const input = evccInput(service, mode, clock, { ...options.evcc, ...(initial === undefined ? {} : { vehicle: initial }) });
  const evcc = createActor(iso20EvccMachine, { clock, input, inspect: options.inspect });
  const secc = scriptedSecc(service, mode, clock, options.secc);
  const log: string[] = [];
  const sent: Iso20Document[] = [];
  const vehicleCommands: VehicleCommand[] = [];
  const closes: Wired['closes'][number][] = [];
  const sentAt: number[] = [];
  let silenced = false;
  const silence = () => {
    silenced = true;
  };
  const problems: string[] = [];
  evcc.subscribe({ error: (err) => problems.push(`machine failed: ${(err as Error).message}`) });
  evcc.on('channel.send', ({ message }) => {
    let request: Iso20Document;
    try {
      request = overTheWire(message);
    } catch (err) {
      problems.push(`${Object.keys(message.document)[0]} not encodable: ${(err as Error).message}`);
      return;
    }
    sent.push(message);
    sentAt.push(clock.now());
    log.push(`EVCC ${label(request)}`);
    const response = secc(request);
    const delivered = overTheWire(options.alter ? options.alter(response, silence) : response);
    if (silenced) return;
    log.push(`SECC ${label(delivered)}`);
    if (evcc.getSnapshot().status === 'active') evcc.send({ type: 'channel.received', message: delivered });
  });
  evcc.on('channel.close', ({ reason }) => closes.push({ reason, at: clock.now() }));
  evcc.on('vehicle.command', ({ command }) => {
    vehicleCommands.push(command);
    vehicle?.command(command);
  });
  evcc.start();
  vehicle?.status$.subscribe((status) => {
    if (evcc.getSnapshot().status === 'active') evcc.send({ type: 'vehicle.status', status });
  });
  const advance = (ms: number, step = 10) => {
    for (let t = 0; t < ms; t += step) clock.increment(Math.min(step, ms - t));
  };
  return {
    clock,
    evcc,
    log,
    sent,
    sentAt,
    vehicleCommands,
    closes,
    problems,
    advance,
    runToEnd(maxMs = 180_000) {
      for (let t = 0; t < maxMs && evcc.getSnapshot().status === 'active'; t += 10) clock.increment(10);
    },
    outcome: () => evcc.getSnapshot().output,
  };
}

/** The EV's battery reads `change` over its last status (by default: full, which ends the loop at its next turn). */
export function vehicleReads(w: Wired, change: Partial<VehicleStatus> = { soc: VEHICLE.fullSoc, stopRequested: true }): void {
  if (w.evcc.getSnapshot().status === 'active') w.evcc.send({ type: 'vehicle.status', status: { ...w.evcc.getSnapshot().context.vehicle, ...change } });
}

/** How the session ended, as the tests compare it: `stopped`, `failed: V2G_EVCC_Msg_Timeout on DC_ChargeLoopReq`. */
export function outcomeText(w: Wired): string {
  const output = w.outcome();
  return output ? `${output.result}${output.reason ? `: ${output.reason}` : ''}` : w.evcc.getSnapshot().status;
}

/** The `count`-th response named `name` (from 1) reaches the EVCC with `change` applied to its element. */
export function changedAt(name: string, change: (element: Record<string, unknown>) => Record<string, unknown>, count = 1): NonNullable<WireOptions['alter']> {
  let seen = 0;
  return (message) => {
    const n = Object.keys(message.document)[0]!;
    if (n !== name || ++seen !== count) return message;
    const element = (message.document as unknown as Record<string, Record<string, unknown>>)[n]!;
    return { schema: message.schema, document: { [n]: change(element) } } as unknown as Iso20Document;
  };
}

/** The `count`-th response named `name` (and everything after it) is lost. */
export function silencedAt(name: string, count = 1): NonNullable<WireOptions['alter']> {
  let seen = 0;
  return (message, silence) => {
    if (Object.keys(message.document)[0] === name && ++seen === count) silence();
    return message;
  };
}
