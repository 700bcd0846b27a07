/**
 * The ISO 15118-2 EVCC session, AC and DC, EIM (ExternalPayment): from SessionSetupReq to SessionStopRes, after the
 * supportedAppProtocol handshake. Pure: requests and vehicle commands leave as emitted
 * events, responses and vehicle status arrive as events, the standard's timers are named delays.
 *
 * Every message from the SECC is checked once, at the root (evcc-response-check.ts); a good one is raised again as
 * an event named after its body (`AuthorizationRes`), which the state that sent the request handles.
 *
 * The EVSE's status in every response is read by the rule DIN shares (../session/evse-verdict.ts): an emergency ends
 * the session at the root, at once; a stop takes the normal way out of the state the EV is in. The EV's targets stay
 * within the EVSE's limits and the schedule's PMax (../session/evse-limits.ts), and a charger that cannot charge the
 * vehicle is left the same normal way.
 */
import { and, assertEvent, assign, emit, enqueueActions, not, setup } from 'xstate';
import type { VehicleCommand } from '../../adapters/vehicle.js';
import type { chargingSessionType } from '../../codecs/exi/generated/iso2.types.js';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../session/session-events.js';
import { v2gDocument, type SchemaDocument } from '../../codecs/exi/v2g-document.js';
import { acCurrentWithin, evseShortfall } from '../session/evse-limits.js';
import { responseVerdict, type ResponseElement } from '../session/evse-verdict.js';
import { evccMessageTimeout } from '../timing/v2g-timers.js';
import { initialEvccContext, limitsInForce, type Iso2EvccContext, type Iso2EvccInput } from './evcc-context.js';
import { evccRequest, type RequestParams } from './iso2-evcc-requests.js';
import { checkResponse } from './evcc-response-check.js';
import { evseViewAfter } from './evse-view.js';
import { bodyElement, iso2Message, type Iso2Message, type Iso2ResponseEvent } from './iso2-messages.js';
import { pickSchedule } from './schedule.js';

export type { Iso2EvccInput } from './evcc-context.js';

/** What the driver or the vehicle's energy manager may ask for during the charging loop. */
export type EvWishEvent = { readonly type: 'ev.pause' } | { readonly type: 'ev.renegotiate' };

/** Events the EVCC takes; `Iso2ResponseEvent`s are raised by the machine itself, never sent from outside. */
export type Iso2EvccEvent = ChannelEvent<SchemaDocument<'iso2', Iso2Message>> | VehicleEvent | EvWishEvent | Iso2ResponseEvent;
export type Iso2EvccEmitted = ChannelCommand<SchemaDocument<'iso2', Iso2Message>> | VehicleCommandEvent;

const DEFAULT_WELDING_DETECTION_VOLTAGE = 60;
const NOT_CHARGING: VehicleCommand = { type: 'charging', active: false, voltage: 0, current: 0 };
const DEFAULT_MAX_WELDING_DETECTION_REQUESTS = 10;

/** The verdict on the status of an acceptable response. */
function emergencyOf(message: Iso2Message) {
  const element = bodyElement(message);
  if (!element.ok) return undefined;
  const verdict = responseVerdict(element.name, element.value as unknown as ResponseElement);
  return verdict?.action === 'emergency' ? verdict : undefined;
}

/** Why the charger cannot charge the vehicle with what it announced; a ChargeParameterDiscoveryRes brings its schedule. */
function shortfallOf(context: Iso2EvccContext, event: Iso2EvccEvent): string | undefined {
  const schedule = event.type === 'ChargeParameterDiscoveryRes' ? pickSchedule(event.body.SAScheduleList) : context.schedule;
  return evseShortfall(limitsInForce(context, schedule), context.vehicle);
}

const iso2Evcc = setup({
  types: {
    context: {} as Iso2EvccContext,
    events: {} as Iso2EvccEvent,
    emitted: {} as Iso2EvccEmitted,
    input: {} as Iso2EvccInput,
    output: {} as SessionOutcome,
  },
  delays: {
    V2G_EVCC_Msg_Timeout: ({ context }) => evccMessageTimeout(context.input.timing, context.pending ?? ''),
    V2G_EVCC_Ongoing_Timeout: ({ context }) => context.input.timing.session.V2G_EVCC_Ongoing_Timeout,
    V2G_EVCC_CableCheck_Timeout: ({ context }) => context.input.timing.session.V2G_EVCC_CableCheck_Timeout,
    V2G_EVCC_PreCharge_Timeout: ({ context }) => context.input.timing.session.V2G_EVCC_PreCharge_Timeout,
    loopInterval: ({ context }) => context.input.loopInterval,
  },
  guards: {
    /** A FAILED WeldingDetectionRes comes after the charge: see the root's transition. */
    failedAfterCharge: ({ context, event }) => {
      assertEvent(event, 'channel.received');
      const check = checkResponse(context, event.message.document);
      return !check.ok && check.failedCode !== undefined && context.pending === 'WeldingDetectionReq';
    },
    evseEmergency: ({ event }) => {
      assertEvent(event, 'channel.received');
      return emergencyOf(event.message.document) !== undefined;
    },
    evseCannotCharge: ({ context, event }) => shortfallOf(context, event) !== undefined,
    unacceptableResponse: ({ context, event }) => {
      assertEvent(event, 'channel.received');
      return !checkResponse(context, event.message.document).ok;
    },
    /** The SECC must offer ExternalPayment and the EV's energy transfer mode, or there is nothing to select. */
    offerUnusable: ({ context, event }) => {
      assertEvent(event, 'ServiceDiscoveryRes');
      return !event.body.PaymentOptionList.PaymentOption.includes('ExternalPayment') ||
        !event.body.ChargeService.SupportedEnergyTransferMode.EnergyTransferMode.includes(context.input.energyTransferMode);
    },
    wantsServiceDetail: ({ context, event }) => {
      assertEvent(event, 'ServiceDiscoveryRes');
      return serviceDetailQueue(context, event).length > 0;
    },
    moreServiceDetails: ({ context }) => context.serviceDetailQueue.length > 1,
    evseProcessingFinished: ({ event }) => {
      assertEvent(event, ['AuthorizationRes', 'ChargeParameterDiscoveryRes', 'CableCheckRes']);
      return event.body.EVSEProcessing === 'Finished';
    },
    /** Finished must bring a schedule and the EVSE parameters of the EV's mode (AC_ or DC_EVSEChargeParameter). */
    chargeParametersUnusable: ({ context, event }) => {
      assertEvent(event, 'ChargeParameterDiscoveryRes');
      const parameters = context.input.mode === 'ac' ? event.body.AC_EVSEChargeParameter : event.body.DC_EVSEChargeParameter;
      return !pickSchedule(event.body.SAScheduleList) || !parameters;
    },
    renegotiating: ({ context }) => context.renegotiating,
    dc: ({ context }) => context.input.mode === 'dc',
    /** Finished with Fault (or still Invalid) means the cable is not safe to energise (unverified as a -2 rule). */
    isolationNotValid: ({ event }) => {
      assertEvent(event, 'CableCheckRes');
      const isolation = event.body.DC_EVSEStatus.EVSEIsolationStatus;
      return isolation === 'Fault' || isolation === 'Invalid';
    },
    /** The response is already in context.evse (acceptResponse runs before the raised response is handled). */
    prechargeDone: ({ context }) => Math.abs(context.evse.presentVoltage - context.vehicle.batteryVoltage) <= context.input.prechargeTolerance,
    receiptRequired: ({ event }) => {
      assertEvent(event, ['ChargingStatusRes', 'CurrentDemandRes']);
      return event.body.ReceiptRequired === true;
    },
    receiptWithoutMeterInfo: ({ event }) => {
      assertEvent(event, ['ChargingStatusRes', 'CurrentDemandRes']);
      return event.body.ReceiptRequired === true && !event.body.MeterInfo;
    },
    evseAsksStop: ({ context }) => context.evse.verdict?.action === 'stop',
    /** A stop the EVSE asked in PowerDeliveryRes(Start), taken from the loop. */
    evseEnded: ({ context }) => context.evseEnding !== undefined,
    evWantsStop: ({ context }) => context.vehicle.stopRequested || context.vehicle.soc >= context.vehicle.fullSoc,
    evWantsPause: ({ context }) => context.pauseWanted,
    renegotiationWanted: ({ context }) => context.renegotiationWanted || context.evse.notification === 'ReNegotiation',
    weldingDetectionDone: ({ context }) =>
      context.evse.presentVoltage <= (context.input.weldingDetectionVoltage ?? DEFAULT_WELDING_DETECTION_VOLTAGE) ||
      context.weldingDetectionRequests >= (context.input.maxWeldingDetectionRequests ?? DEFAULT_MAX_WELDING_DETECTION_REQUESTS),
    pausing: ({ context }) => context.stopKind === 'Pause',
  },
  actions: {
    send: enqueueActions(({ context, enqueue }, params: RequestParams) => {
      enqueue.assign({ pending: params.request });
      enqueue.emit({ type: 'channel.send', message: v2gDocument('iso2', iso2Message(context.sessionId, evccRequest(context, params))) });
    }),
    acceptResponse: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'channel.received');
      const check = checkResponse(context, event.message.document);
      if (!check.ok) return;
      const sessionId = check.event.type === 'SessionSetupRes' ? check.event.sessionId : context.sessionId;
      enqueue.assign({ pending: undefined, sessionId, evse: evseViewAfter(context.evse, check.event) });
      enqueue.raise(check.event);
    }),
    noteUnacceptableResponse: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'channel.received');
      const check = checkResponse(context, event.message.document);
      if (!check.ok) enqueue.assign({ failure: check.reason });
    }),
    noteMsgTimeout: assign({ failure: ({ context }) => `V2G_EVCC_Msg_Timeout on ${context.pending ?? 'a request'}` }),
    noteChannelEnd: assign(({ event }) => {
      assertEvent(event, ['channel.closed', 'channel.invalid']);
      return { failure: `${event.type === 'channel.closed' ? 'channel closed' : 'invalid message'}: ${event.reason}` };
    }),
    fail: assign((_, params: { reason: string }) => ({ failure: params.reason })),
    noteFailedAfterCharge: assign(({ context, event }) => {
      assertEvent(event, 'channel.received');
      const check = checkResponse(context, event.message.document);
      return { evseEnding: check.ok ? undefined : `${check.failedCode} in WeldingDetectionRes after the charge` };
    }),
    noteEvseEmergency: assign(({ event }) => {
      assertEvent(event, 'channel.received');
      const reason = emergencyOf(event.message.document)?.reason;
      return { failure: reason, evseEnding: reason };
    }),
    noteEvseStop: assign({ evseEnding: ({ context }) => context.evse.verdict?.reason }),
    noteShortfall: assign({ evseEnding: ({ context, event }) => `the EVSE cannot charge this vehicle: ${shortfallOf(context, event)}` }),
    recordVehicle: assign(({ event }) => {
      assertEvent(event, 'vehicle.status');
      return { vehicle: event.status };
    }),
    wantPause: assign({ pauseWanted: true }),
    wantRenegotiation: assign({ renegotiationWanted: true }),
    recordServices: assign(({ context, event }) => {
      assertEvent(event, 'ServiceDiscoveryRes');
      return { chargeServiceId: event.body.ChargeService.ServiceID, serviceDetailQueue: serviceDetailQueue(context, event) };
    }),
    nextServiceDetail: assign({ serviceDetailQueue: ({ context }) => context.serviceDetailQueue.slice(1) }),
    recordSchedule: assign(({ event }) => {
      assertEvent(event, 'ChargeParameterDiscoveryRes');
      return { schedule: pickSchedule(event.body.SAScheduleList) };
    }),
    /** The EVSE's ReNegotiation is being answered: it must not start a second one from the same response. */
    startRenegotiation: assign(({ context }) => ({
      renegotiating: true,
      renegotiationWanted: false,
      evse: { ...context.evse, notification: 'None' as const },
    })),
    endRenegotiation: assign({ renegotiating: false }),
    stopAs: assign((_, params: { kind: chargingSessionType }) => ({ stopKind: params.kind })),
    countWeldingDetection: assign({ weldingDetectionRequests: ({ context }) => context.weldingDetectionRequests + 1 }),
    command: emit((_, params: { command: VehicleCommand }) => ({ type: 'vehicle.command' as const, command: params.command })),
    /**
     * Energy flows at what the EVSE measured (DC) or, AC having no measurement in -2, at its nominal voltage and the
     * current it allows.
     */
    reportCharging: emit(({ context }) => {
      const { evse, vehicle, input } = context;
      const charging =
        input.mode === 'dc'
          ? { voltage: evse.presentVoltage, current: evse.presentCurrent }
          : {
              voltage: evse.nominalVoltage,
              current: acCurrentWithin(vehicle.targetCurrent, limitsInForce(context), evse.nominalVoltage * acPhases(context)),
              phases: acPhases(context),
            };
      return { type: 'vehicle.command' as const, command: { type: 'charging' as const, active: true, ...charging } };
    }),
    stopDrawing: emit({ type: 'vehicle.command', command: NOT_CHARGING }),
    /** After any ending: no current, CP back to B, DC contactors open (the vehicle opens them once current is 0). */
    safeState: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'vehicle.command', command: NOT_CHARGING });
      enqueue.emit({ type: 'vehicle.command', command: { type: 'controlPilot', state: 'B' } });
      if (context.input.mode === 'dc') enqueue.emit({ type: 'vehicle.command', command: { type: 'contactors', closed: false } });
    }),
    finish: assign((_, params: { result: SessionOutcome['result'] }) => ({ result: params.result })),
    closeChannel: emit(({ context }) => ({
      type: 'channel.close' as const,
      reason: context.result === 'failed' ? (context.failure ?? 'failed') : `SessionStop(${context.stopKind}) done`,
    })),
  },
});

function acPhases(context: Iso2EvccContext): number {
  return context.input.energyTransferMode === 'AC_three_phase_core' ? 3 : 1;
}

/** Every request state: no response within V2G_EVCC_Msg_Timeout of its pair ends the session. */
const MSG_TIMEOUT = { V2G_EVCC_Msg_Timeout: { target: '#iso2-evcc.failed', actions: 'noteMsgTimeout' } } as const;

/** Between two requests of a polling or charging loop. */
const pollWait = iso2Evcc.createStateConfig({ after: { loopInterval: 'request' } });

/** The charging loop's wait, where the EVSE's and the EV's wishes end it: stop, then pause, then renegotiation. */
const loopWait = iso2Evcc.createStateConfig({
  always: [
    { guard: 'evseEnded', target: '#iso2-evcc.PowerDeliveryStop', actions: { type: 'stopAs', params: { kind: 'Terminate' } } },
    {
      guard: 'evseAsksStop',
      target: '#iso2-evcc.PowerDeliveryStop',
      actions: ['noteEvseStop', { type: 'stopAs', params: { kind: 'Terminate' } }],
    },
    {
      guard: 'evseCannotCharge',
      target: '#iso2-evcc.PowerDeliveryStop',
      actions: ['noteShortfall', { type: 'stopAs', params: { kind: 'Terminate' } }],
    },
    { guard: 'evWantsStop', target: '#iso2-evcc.PowerDeliveryStop', actions: { type: 'stopAs', params: { kind: 'Terminate' } } },
    { guard: 'evWantsPause', target: '#iso2-evcc.PowerDeliveryStop', actions: { type: 'stopAs', params: { kind: 'Pause' } } },
    { guard: 'renegotiationWanted', target: '#iso2-evcc.PowerDeliveryRenegotiate' },
  ],
  after: { loopInterval: 'request' },
});

/**
 * The EVSE asks to stop before energy was asked for (ChargeParameterDiscovery, CableCheck, PreCharge, or a
 * renegotiation's ChargeParameterDiscovery): straight to SessionStop, the vehicle made safe on the way (CP B, no
 * current, DC contactors open).
 */
const EVSE_STOPS_BEFORE_CHARGING = { guard: 'evseAsksStop', target: '#iso2-evcc.SessionStop', actions: ['noteEvseStop', 'safeState'] } as const;

/** MeteringReceipt inside either charging loop, when the SECC set ReceiptRequired. */
const meteringReceipt = iso2Evcc.createStateConfig({
  entry: { type: 'send', params: { request: 'MeteringReceiptReq' } },
  after: MSG_TIMEOUT,
  on: { MeteringReceiptRes: 'wait' },
});

const loopResponse = [
  {
    guard: 'receiptWithoutMeterInfo',
    target: '#iso2-evcc.failed',
    actions: { type: 'fail', params: { reason: 'ReceiptRequired without MeterInfo' } },
  },
  { guard: 'receiptRequired', target: 'receipt', actions: 'reportCharging' },
  { target: 'wait', actions: 'reportCharging' },
] as const;

export const iso2EvccMachine = iso2Evcc.createMachine({
  id: 'iso2-evcc',
  context: ({ input }) => initialEvccContext(input),
  output: ({ context }) => ({
    result: context.result ?? 'failed',
    ...(context.result === 'failed' ? { reason: context.failure } : context.evseEnding === undefined ? {} : { reason: context.evseEnding }),
    ...(context.evseEnding === undefined ? {} : { cause: 'evse' as const }),
    sessionId: context.sessionId,
  }),
  on: {
    'channel.received': [
      // After the energy transfer ended and the contactors opened, WeldingDetection is the EV's own check, and the SECC
      // takes SessionStopReq in its place (WaitForWeldingDetectionOrSessionStop): the EV ends that clean way, naming
      // the charger.
      { guard: 'failedAfterCharge', target: '.SessionStop', actions: 'noteFailedAfterCharge' },
      { guard: 'unacceptableResponse', target: '.failed', actions: 'noteUnacceptableResponse' },
      { guard: 'evseEmergency', target: '.failed', actions: 'noteEvseEmergency' },
      { actions: 'acceptResponse' },
    ],
    'channel.closed': { target: '.failed', actions: 'noteChannelEnd' },
    'channel.invalid': { target: '.failed', actions: 'noteChannelEnd' },
    'vehicle.status': { actions: 'recordVehicle' },
    'ev.pause': { actions: 'wantPause' },
    'ev.renegotiate': { actions: 'wantRenegotiation' },
  },
  initial: 'SessionSetup',
  states: {
    SessionSetup: {
      entry: { type: 'send', params: { request: 'SessionSetupReq' } },
      after: MSG_TIMEOUT,
      on: { SessionSetupRes: 'ServiceDiscovery' },
    },
    ServiceDiscovery: {
      entry: { type: 'send', params: { request: 'ServiceDiscoveryReq' } },
      after: MSG_TIMEOUT,
      on: {
        ServiceDiscoveryRes: [
          {
            guard: 'offerUnusable',
            target: 'failed',
            actions: { type: 'fail', params: { reason: 'ServiceDiscoveryRes offers no ExternalPayment or not our energy transfer mode' } },
          },
          { guard: 'wantsServiceDetail', target: 'ServiceDetail', actions: 'recordServices' },
          { target: 'PaymentServiceSelection', actions: 'recordServices' },
        ],
      },
    },
    ServiceDetail: {
      entry: { type: 'send', params: { request: 'ServiceDetailReq' } },
      after: MSG_TIMEOUT,
      on: {
        ServiceDetailRes: [
          { guard: 'moreServiceDetails', target: 'ServiceDetail', reenter: true, actions: 'nextServiceDetail' },
          { target: 'PaymentServiceSelection' },
        ],
      },
    },
    PaymentServiceSelection: {
      entry: { type: 'send', params: { request: 'PaymentServiceSelectionReq' } },
      after: MSG_TIMEOUT,
      on: { PaymentServiceSelectionRes: 'Authorization' },
    },
    // V2G_EVCC_Ongoing_Timeout runs from the first request of the phase, not from the first Ongoing: at most one
    // V2G_EVCC_Msg_Timeout stricter, and one state for every poll.
    Authorization: {
      initial: 'request',
      after: {
        V2G_EVCC_Ongoing_Timeout: { target: 'failed', actions: { type: 'fail', params: { reason: 'V2G_EVCC_Ongoing_Timeout in Authorization' } } },
      },
      states: {
        request: {
          entry: { type: 'send', params: { request: 'AuthorizationReq' } },
          after: MSG_TIMEOUT,
          on: { AuthorizationRes: [{ guard: 'evseProcessingFinished', target: '#iso2-evcc.ChargeParameterDiscovery' }, { target: 'wait' }] },
        },
        wait: pollWait,
      },
    },
    ChargeParameterDiscovery: {
      initial: 'request',
      after: {
        V2G_EVCC_Ongoing_Timeout: {
          target: 'failed',
          actions: { type: 'fail', params: { reason: 'V2G_EVCC_Ongoing_Timeout in ChargeParameterDiscovery' } },
        },
      },
      states: {
        request: {
          entry: { type: 'send', params: { request: 'ChargeParameterDiscoveryReq' } },
          after: MSG_TIMEOUT,
          on: {
            ChargeParameterDiscoveryRes: [
              EVSE_STOPS_BEFORE_CHARGING,
              { guard: not('evseProcessingFinished'), target: 'wait' },
              {
                guard: 'chargeParametersUnusable',
                target: '#iso2-evcc.failed',
                actions: {
                  type: 'fail',
                  params: { reason: 'ChargeParameterDiscoveryRes Finished without SAScheduleList or EVSE parameters of our mode' },
                },
              },
              { guard: 'evseCannotCharge', target: '#iso2-evcc.SessionStop', actions: ['noteShortfall', 'safeState'] },
              // After a renegotiation DC goes straight back to PowerDelivery: the cable is checked and
              // precharged already.
              { guard: 'renegotiating', target: '#iso2-evcc.PowerDeliveryStart', actions: 'recordSchedule' },
              { guard: 'dc', target: '#iso2-evcc.CableCheck', actions: 'recordSchedule' },
              { target: '#iso2-evcc.PowerDeliveryStart', actions: 'recordSchedule' },
            ],
          },
        },
        wait: pollWait,
      },
    },
    CableCheck: {
      // CP state C before the insulation test: the SECC energises the cable only for a vehicle ready to charge.
      entry: { type: 'command', params: { command: { type: 'controlPilot', state: 'C' } } },
      initial: 'request',
      after: { V2G_EVCC_CableCheck_Timeout: { target: 'failed', actions: { type: 'fail', params: { reason: 'V2G_EVCC_CableCheck_Timeout' } } } },
      states: {
        request: {
          entry: { type: 'send', params: { request: 'CableCheckReq' } },
          after: MSG_TIMEOUT,
          on: {
            CableCheckRes: [
              EVSE_STOPS_BEFORE_CHARGING,
              { guard: not('evseProcessingFinished'), target: 'wait' },
              {
                guard: 'isolationNotValid',
                target: '#iso2-evcc.failed',
                actions: { type: 'fail', params: { reason: 'CableCheckRes Finished without a valid isolation' } },
              },
              { target: '#iso2-evcc.PreCharge' },
            ],
          },
        },
        wait: pollWait,
      },
    },
    PreCharge: {
      initial: 'request',
      after: { V2G_EVCC_PreCharge_Timeout: { target: 'failed', actions: { type: 'fail', params: { reason: 'V2G_EVCC_PreCharge_Timeout' } } } },
      states: {
        request: {
          entry: { type: 'send', params: { request: 'PreChargeReq' } },
          after: MSG_TIMEOUT,
          on: {
            PreChargeRes: [
              EVSE_STOPS_BEFORE_CHARGING,
              {
                guard: 'prechargeDone',
                target: '#iso2-evcc.PowerDeliveryStart',
                actions: { type: 'command', params: { command: { type: 'contactors', closed: true } } },
              },
              { target: 'wait' },
            ],
          },
        },
        wait: pollWait,
      },
    },
    PowerDeliveryStart: {
      // AC: CP state C with the request; the SECC expects it within 250 ms of PowerDeliveryReq(Start) [V2G2-847].
      // DC is in C since CableCheck.
      entry: [
        { type: 'command', params: { command: { type: 'controlPilot', state: 'C' } } },
        { type: 'send', params: { request: 'PowerDeliveryReq', chargeProgress: 'Start' } },
      ],
      after: MSG_TIMEOUT,
      on: {
        // A stop asked here is noted and taken from the loop's first answer: after PowerDeliveryRes(Start) the SECC
        // takes only the loop's request (WaitForCurrentDemand, WaitForChargingStatus).
        PowerDeliveryRes: [
          { guard: and(['evseAsksStop', 'dc']), target: 'CurrentDemand', actions: ['endRenegotiation', 'noteEvseStop'] },
          { guard: 'evseAsksStop', target: 'ChargingStatus', actions: ['endRenegotiation', 'noteEvseStop'] },
          { guard: 'dc', target: 'CurrentDemand', actions: 'endRenegotiation' },
          { target: 'ChargingStatus', actions: 'endRenegotiation' },
        ],
      },
    },
    CurrentDemand: {
      initial: 'request',
      states: {
        request: {
          entry: { type: 'send', params: { request: 'CurrentDemandReq' } },
          after: MSG_TIMEOUT,
          on: { CurrentDemandRes: loopResponse },
        },
        receipt: meteringReceipt,
        wait: loopWait,
      },
    },
    ChargingStatus: {
      initial: 'request',
      states: {
        request: {
          entry: { type: 'send', params: { request: 'ChargingStatusReq' } },
          after: MSG_TIMEOUT,
          on: { ChargingStatusRes: loopResponse },
        },
        receipt: meteringReceipt,
        wait: loopWait,
      },
    },
    PowerDeliveryRenegotiate: {
      entry: [{ type: 'send', params: { request: 'PowerDeliveryReq', chargeProgress: 'Renegotiate' } }, 'startRenegotiation'],
      after: MSG_TIMEOUT,
      on: { PowerDeliveryRes: 'ChargeParameterDiscovery' },
    },
    PowerDeliveryStop: {
      // The EV brings its current to zero before it asks the EVSE to stop.
      entry: ['stopDrawing', { type: 'send', params: { request: 'PowerDeliveryReq', chargeProgress: 'Stop' } }],
      after: MSG_TIMEOUT,
      on: {
        PowerDeliveryRes: [
          {
            // CP back to B within 250 ms [V2G2-848], then the EV opens its contactors for WeldingDetection to check.
            guard: 'dc',
            target: 'WeldingDetection',
            actions: [
              { type: 'command', params: { command: { type: 'controlPilot', state: 'B' } } },
              { type: 'command', params: { command: { type: 'contactors', closed: false } } },
            ],
          },
          { target: 'SessionStop', actions: { type: 'command', params: { command: { type: 'controlPilot', state: 'B' } } } },
        ],
      },
    },
    WeldingDetection: {
      initial: 'request',
      states: {
        request: {
          entry: ['countWeldingDetection', { type: 'send', params: { request: 'WeldingDetectionReq' } }],
          after: MSG_TIMEOUT,
          on: { WeldingDetectionRes: [{ guard: 'weldingDetectionDone', target: '#iso2-evcc.SessionStop' }, { target: 'wait' }] },
        },
        wait: pollWait,
      },
    },
    SessionStop: {
      entry: { type: 'send', params: { request: 'SessionStopReq' } },
      after: MSG_TIMEOUT,
      on: { SessionStopRes: [{ guard: 'pausing', target: 'paused' }, { target: 'stopped' }] },
    },
    stopped: { type: 'final', entry: [{ type: 'finish', params: { result: 'stopped' } }, 'closeChannel'] },
    paused: { type: 'final', entry: [{ type: 'finish', params: { result: 'paused' } }, 'closeChannel'] },
    failed: { type: 'final', entry: [{ type: 'finish', params: { result: 'failed' } }, 'safeState', 'closeChannel'] },
  },
});

function serviceDetailQueue(context: Iso2EvccContext, event: Extract<Iso2ResponseEvent, { type: 'ServiceDiscoveryRes' }>): number[] {
  const offered = new Set([event.body.ChargeService.ServiceID, ...(event.body.ServiceList?.Service.map((s) => s.ServiceID) ?? [])]);
  return (context.input.serviceDetails ?? []).filter((id) => offered.has(id));
}
