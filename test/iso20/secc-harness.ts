/**
 * The ISO 15118-20 SECC alone, its EV scripted by the test: each request is built by the -20 builders, passed through
 * the strict codec of its schema and handed over with the power module's status; every response the SECC sends is
 * encoded with the strict encoder too (a response the codec refuses fails the test), so each one is complete and valid
 * by the XSD. Time is a SimulatedClock starting at a real date, so TimeStamps and schedules read like the field's.
 */
import { createActor, SimulatedClock, type InspectionEvent } from 'xstate';
import type { EvseStatus } from '../../adapters/evse.js';
import { decode, encode } from '../../codecs/exi/index.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import * as ac from '../../machines/iso20/iso20-ac-messages.js';
import * as dc from '../../machines/iso20/iso20-dc-messages.js';
import { NO_SESSION_ID, type MessageContext } from '../../machines/iso20/iso20-header.js';
import type { ControlFacts } from '../../machines/iso20/iso20-loop-parts.js';
import * as pd from '../../machines/iso20/iso20-power-delivery.js';
import * as se from '../../machines/iso20/iso20-schedule-exchange.js';
import * as sv from '../../machines/iso20/iso20-service-messages.js';
import { isBidirectional, isDcService, PARAMETER_CODES, SERVICE_IDS, type ControlMode, type EnergyService } from '../../machines/iso20/iso20-services.js';
import * as st from '../../machines/iso20/iso20-setup-messages.js';
import { iso20SeccMachine, type Iso20SeccInput } from '../../machines/iso20/secc/iso20-secc.js';
import type { Iso20Schema } from '../../machines/iso20/secc/iso20-envelope.js';
import type { SeccReply } from '../../machines/session/secc/secc-pending.js';
import { iso20TimingFor } from '../../machines/timing/v2g-timers.js';
import { EVSE, PowerModule } from '../iso2/wiring.js';
import { dcLoop } from './session-facts.js';

export const SESSION_ID = Uint8Array.of(0x4b, 0x6f, 0x70, 0x68, 0x65, 0x72, 0x32, 0x30);
export const EVCC_ID = 'WMIV1234567890ABCDEF';
/** 2026-12-06T12:00:00Z: the simulated clock's start. */
export const START_MS = 1_796_558_400_000;

/** A DC stage with BPT discharge limits, authorized, isolation valid: each Ongoing loop ends at its next request. */
export const EVSE20: EvseStatus = {
  ...EVSE,
  maxVoltage: 920,
  maxCurrent: 500,
  maxPower: 350_000,
  minVoltage: 150,
  minCurrent: 1,
  isolation: 'Valid',
  discharge: { maxPower: 50_000, maxCurrent: 100, minPower: 0, minCurrent: 0 },
};

export function seccInput(protocol: 'iso20-dc' | 'iso20-ac' = 'iso20-dc', extra: Partial<Iso20SeccInput> = {}): Iso20SeccInput {
  return {
    timing: iso20TimingFor(),
    evseId: 'DE*KPR*E1234567*1',
    newSessionId: SESSION_ID,
    protocol,
    services: ['DC', 'DC_BPT', 'AC', 'AC_BPT'],
    ...extra,
  };
}

/** The label of a response: `DC_ChargeLoopRes:OK`. */
export function label(message: V2gDocument): string {
  const [name, element] = Object.entries(message.document)[0] as [string, { ResponseCode?: string }];
  return element.ResponseCode === undefined ? name : `${name}:${element.ResponseCode}`;
}

/** Through the strict codec of the document's schema, as the channel would. */
export function overTheWire(message: V2gDocument): V2gDocument {
  const schema = message.schema as Iso20Schema;
  const bytes = (encode as (schema: Iso20Schema, document: object) => Uint8Array)(schema, message.document);
  return { schema, document: (decode as (schema: Iso20Schema, bytes: Uint8Array) => object)(schema, bytes) } as V2gDocument;
}

export interface ScriptedSecc {
  readonly clock: SimulatedClock;
  readonly actor: ReturnType<typeof createActor<typeof iso20SeccMachine>>;
  readonly power: PowerModule;
  readonly sent: V2gDocument[];
  readonly closes: string[];
  /** Every emitted event's type (`evse.command` with the command's type). */
  readonly emitted: string[];
  readonly asked: string[];
  last(): string;
  /** The SessionID requests carry: all zeros until SessionSetupRes gave one. */
  sessionId: Uint8Array;
  /** Delivers `request` (built in `ctx()`), through the codec, with `evse` instead of the module's status. */
  receive(request: V2gDocument, evse?: EvseStatus): void;
  reply(reply: SeccReply): void;
  ctx(): MessageContext;
  advance(ms: number, step?: number): void;
  state(): string;
}

export function scriptedSecc(input: Iso20SeccInput = seccInput(), evse: EvseStatus = EVSE20, inspect?: (event: InspectionEvent) => void): ScriptedSecc {
  const clock = new SimulatedClock();
  clock.set(START_MS);
  const actor = createActor(iso20SeccMachine, { clock, input, inspect });
  const power = new PowerModule(clock, evse, { isolationMs: 300 });
  const sent: V2gDocument[] = [];
  const closes: string[] = [];
  const emitted: string[] = [];
  const asked: string[] = [];
  actor.on('channel.send', (e) => {
    sent.push(overTheWire(e.message));
    emitted.push('channel.send');
  });
  actor.on('channel.close', (e) => {
    closes.push(e.reason);
    emitted.push('channel.close');
  });
  actor.on('evse.command', (e) => {
    power.command(e.command);
    emitted.push(`evse.${e.command.type}`);
  });
  actor.on('backend.ask', (e) => {
    asked.push(e.question.kind);
    emitted.push('backend.ask');
  });
  actor.start();
  const s: ScriptedSecc = {
    clock,
    actor,
    power,
    sent,
    closes,
    emitted,
    asked,
    sessionId: NO_SESSION_ID,
    last: () => (sent.length ? label(sent[sent.length - 1]) : '(nothing)'),
    receive(request, status) {
      if (actor.getSnapshot().status !== 'active') return;
      actor.send({ type: 'channel.received', message: overTheWire(request) as never, evse: status ?? power.status, time: clock.now() });
      const res = sent.at(-1)?.document as { SessionSetupRes?: { Header: { SessionID: Uint8Array } } } | undefined;
      if (res?.SessionSetupRes) s.sessionId = res.SessionSetupRes.Header.SessionID;
    },
    reply: (reply) => actor.send({ type: 'backend.reply', reply }),
    ctx: () => ({ sessionId: s.sessionId, nowMs: clock.now() }),
    advance(ms, step = 10) {
      for (let t = 0; t < ms; t += step) clock.increment(Math.min(step, ms - t));
    },
    state() {
      const snapshot = actor.getSnapshot();
      return snapshot.output ? `${snapshot.output.result}${snapshot.output.reason ? `: ${snapshot.output.reason}` : ''}` : String(snapshot.value);
    },
  };
  return s;
}

/** The EV's requests of a session of `service` in `mode`, each built when it is sent (its Header then). */
export function ev(service: EnergyService, mode: ControlMode) {
  const bpt = isBidirectional(service);
  const serviceId = SERVICE_IDS[service];
  const dcLimits = { MaximumChargePower: 150_000, MinimumChargePower: 0, MaximumChargeCurrent: 350, MinimumChargeCurrent: 0, MaximumVoltage: 450, MinimumVoltage: 200 };
  const dcDischarge = { MaximumDischargePower: 11_000, MinimumDischargePower: 0, MaximumDischargeCurrent: 25, MinimumDischargeCurrent: 0 };
  const acLimits = { MaximumChargePower: 11_000, MinimumChargePower: 1_380, ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0 } : {}) };
  const dcLoopControl: ControlFacts = mode === 'Scheduled' ? { mode, bpt, quantities: { TargetCurrent: 100, TargetVoltage: 400 } } : dcLoop(mode, bpt).req;
  const acLoop: ControlFacts =
    mode === 'Scheduled'
      ? { mode, bpt, quantities: { PresentActivePower: 7_200 } }
      : {
          mode,
          bpt,
          departureTime: 7_200,
          quantities: {
            TargetEnergyRequest: 30_000,
            MaximumEnergyRequest: 40_000,
            MinimumEnergyRequest: 2_000,
            MaximumChargePower: 11_000,
            MinimumChargePower: 1_380,
            PresentActivePower: 7_200,
            PresentReactivePower: 0,
            ...(bpt ? { MaximumDischargePower: 11_000, MinimumDischargePower: 0 } : {}),
          },
        };
  const seControl: se.ScheduleExchangeReqFacts['control'] = mode === 'Scheduled' ? { mode, quantities: {} } : { mode, departureTime: 7_200, quantities: { TargetEnergyRequest: 40_000, MaximumEnergyRequest: 52_000, MinimumEnergyRequest: 5_000 } };
  return {
    sessionSetup: (c: MessageContext) => st.sessionSetupReq(c, EVCC_ID),
    authorizationSetup: (c: MessageContext) => st.authorizationSetupReq(c),
    authorization: (c: MessageContext) => st.authorizationReq(c, { service: 'EIM' }),
    serviceDiscovery: (c: MessageContext) => sv.serviceDiscoveryReq(c),
    serviceDetail: (c: MessageContext) => sv.serviceDetailReq(c, serviceId),
    serviceSelection: (c: MessageContext) => sv.serviceSelectionReq(c, { energy: { serviceId, parameterSetId: PARAMETER_CODES.ControlMode[mode] }, valueAddedServices: [] }),
    chargeParameterDiscovery: (c: MessageContext) =>
      isDcService(service)
        ? dc.dcChargeParameterDiscoveryReq(c, { bpt, quantities: { ...dcLimits, ...(bpt ? dcDischarge : {}) } })
        : ac.acChargeParameterDiscoveryReq(c, { bpt, quantities: acLimits }),
    scheduleExchange: (c: MessageContext) => se.scheduleExchangeReq(c, { maximumSupportingPoints: 24, control: seControl }),
    cableCheck: (c: MessageContext) => dc.dcCableCheckReq(c),
    preCharge: (c: MessageContext) => dc.dcPreChargeReq(c, { processing: 'Ongoing', presentVoltage: 380, targetVoltage: 400 }),
    powerDelivery: (progress: pd.PowerDeliveryReqFacts['progress'], tupleId = 1, channel?: 'Charge' | 'Discharge') => (c: MessageContext) =>
      pd.powerDeliveryReq(c, {
        processing: 'Finished',
        progress,
        ...(progress === 'Start'
          ? {
              profile: {
                timeAnchorS: Math.floor(c.nowMs / 1000),
                control: mode === 'Scheduled' ? { mode, selectedScheduleTupleId: tupleId } : { mode },
                entries: [{ durationS: 3600, power: 50_000 }],
              },
            }
          : {}),
        ...(channel ? { channel } : {}),
      }),
    chargeLoop: (c: MessageContext) =>
      isDcService(service)
        ? dc.dcChargeLoopReq(c, { meterInfoRequested: true, presentVoltage: 400, control: dcLoopControl })
        : ac.acChargeLoopReq(c, { meterInfoRequested: true, control: acLoop }),
    weldingDetection: (c: MessageContext) => dc.dcWeldingDetectionReq(c, 'Finished'),
    sessionStop: (chargingSession: st.SessionStopReqFacts['chargingSession']) => (c: MessageContext) => st.sessionStopReq(c, { chargingSession }),
  };
}

export type Step = (c: MessageContext) => V2gDocument;

/** The requests of a whole session of `service` in `mode`, start to SessionStop(Terminate), each answered OK. */
export function sessionPath(service: EnergyService, mode: ControlMode): Step[] {
  const r = ev(service, mode);
  const dcOnly = isDcService(service) ? [r.cableCheck, r.cableCheck, r.preCharge] : [];
  return [
    r.sessionSetup,
    r.authorizationSetup,
    r.authorization,
    r.serviceDiscovery,
    r.serviceDetail,
    r.serviceSelection,
    r.chargeParameterDiscovery,
    r.scheduleExchange,
    r.scheduleExchange,
    ...dcOnly,
    r.powerDelivery('Start'),
    r.chargeLoop,
    r.chargeLoop,
    r.powerDelivery('Stop'),
    ...(isDcService(service) ? [r.weldingDetection] : []),
    r.sessionStop('Terminate'),
  ];
}
