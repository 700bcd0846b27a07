/**
 * The DIN SPEC 70121 EVCC (DC, EIM): the vehicle's side of the session from SessionSetup to SessionStop,
 * started once the supportedAppProtocol handshake chose DIN.
 *
 * Every request waits for its pair under V2G_EVCC_Msg_Timeout; the EVSEProcessing loops repeat `loopInterval` after
 * each answer under their own timer (V2G_EVCC_Ongoing_Timeout from the first Ongoing, V2G_EVCC_CableCheck_Timeout
 * and V2G_EVCC_PreCharge_Timeout from the first request). A timeout, a FAILED code, a response of another type or
 * session, or the channel's end stops the session: the machine emits `channel.close` and ends `failed` naming why.
 *
 * Every response that carries DC_EVSEStatus is read by one rule (../session/evse-verdict.ts): an emergency ends the
 * session at once, a stop takes the normal way out from where the EV is (`EVSE_ENDINGS`). The EVSE's limits are kept
 * from ChargeParameterDiscoveryRes and CurrentDemandRes, the EV's targets held within them (../session/evse-limits.ts),
 * and a charger that cannot charge the vehicle at all is left the same normal way.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { VehicleCommand, VehicleStatus } from '../../adapters/vehicle.js';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../session/session-events.js';
import { v2gDocument, type SchemaDocument } from '../../codecs/exi/v2g-document.js';
import { evseShortfall, limitsAfter, NO_LIMITS, type EvseLimits } from '../session/evse-limits.js';
import { responseVerdict } from '../session/evse-verdict.js';
import { fromPhysicalValue } from '../session/physical-value.js';
import { NO_SESSION_ID } from '../session/session-id.js';
import { evccMessageTimeout } from '../timing/v2g-timers.js';
import { chargingComplete, evccRequestBody, evccRequestName, type EvccStep } from './din-evcc-requests.js';
import type { DinEvccInput } from './din-input.js';
import { bodyName, dinMessage, type DinMessage, type DinRequestName } from './din-messages.js';
import { closeReason, sessionOutcome } from './outcome.js';
import { channelEndReason, receivedBody, receivedResponse } from './received.js';
import { failedCode, responseProblem } from './response-check.js';

export type DinEvccEvent = ChannelEvent<SchemaDocument<'din', DinMessage>> | VehicleEvent;
export type DinEvccEmitted = ChannelCommand<SchemaDocument<'din', DinMessage>> | VehicleCommandEvent;

export interface DinEvccContext {
  readonly settings: DinEvccInput;
  /** The latest status from `vehicle.status`. */
  readonly vehicle: VehicleStatus;
  /** The SessionID the SECC gave in SessionSetupRes; undefined before. */
  readonly sessionId?: Uint8Array;
  readonly serviceId: number;
  /** The request awaiting its answer, and how many times in a row this step has been sent. */
  readonly pending?: { readonly step: EvccStep; readonly request: DinRequestName; readonly count: number };
  /** The EVSE's limits as last announced; the EV's targets stay within them. */
  readonly evseLimits: EvseLimits;
  readonly failure?: string;
  /** Why the charger ended the session, when it did: its status, a FAILED after the charge, or limits the EV cannot charge with. */
  readonly evseEnding?: string;
}

/** The verdict on the status of the response `event` brings. */
function verdictOf(event: DinEvccEvent) {
  const response = receivedResponse(event);
  return response === undefined ? undefined : responseVerdict(response.name, response.element);
}

/**
 * Why the charger cannot charge the vehicle with the limits `event` brings; only a finished ChargeParameterDiscoveryRes
 * (an Ongoing one may carry placeholders) and CurrentDemandRes announce limits.
 */
function shortfallOf(context: DinEvccContext, event: DinEvccEvent): string | undefined {
  const response = receivedResponse(event);
  if (response === undefined || response.element['EVSEProcessing'] === 'Ongoing') return undefined;
  if (response.name !== 'ChargeParameterDiscoveryRes' && response.name !== 'CurrentDemandRes') return undefined;
  return evseShortfall(limitsAfter(context.evseLimits, response.element), context.vehicle);
}

const evccSetup = setup({
  types: {
    context: {} as DinEvccContext,
    events: {} as DinEvccEvent,
    emitted: {} as DinEvccEmitted,
    input: {} as DinEvccInput,
    output: {} as SessionOutcome,
  },
  delays: {
    V2G_EVCC_Msg_Timeout: ({ context }) => evccMessageTimeout(context.settings.timing, context.pending?.request ?? ''),
    V2G_EVCC_Ongoing_Timeout: ({ context }) => context.settings.timing.session.V2G_EVCC_Ongoing_Timeout,
    V2G_EVCC_CableCheck_Timeout: ({ context }) => context.settings.timing.session.V2G_EVCC_CableCheck_Timeout,
    V2G_EVCC_PreCharge_Timeout: ({ context }) => context.settings.timing.session.V2G_EVCC_PreCharge_Timeout,
    loopInterval: ({ context }) => context.settings.loopInterval,
  },
  guards: {
    responseRejected: ({ context, event }, params: { request: DinRequestName }) =>
      event.type === 'channel.received' && responseProblem(event.message.document, params.request, context.sessionId) !== undefined,
    offersExternalPayment: ({ event }) =>
      receivedBody(event)?.ServiceDiscoveryRes?.PaymentOptions.PaymentOption.includes('ExternalPayment') === true,
    evseProcessingFinished: ({ event }) => {
      const body = receivedBody(event);
      const processing = (body?.ContractAuthenticationRes ?? body?.ChargeParameterDiscoveryRes ?? body?.CableCheckRes)?.EVSEProcessing;
      return processing === 'Finished';
    },
    evseEmergency: ({ event }) => verdictOf(event)?.action === 'emergency',
    evseStops: ({ event }) => verdictOf(event)?.action === 'stop',
    evseCannotCharge: ({ context, event }) => shortfallOf(context, event) !== undefined,
    failedAfterCharge: ({ context, event }) =>
      event.type === 'channel.received' && context.pending !== undefined && failedCode(event.message.document, context.pending.request, context.sessionId) !== undefined,
    prechargeDone: ({ context, event }) => {
      const res = receivedBody(event)?.PreChargeRes;
      if (res === undefined) return false;
      return Math.abs(fromPhysicalValue(res.EVSEPresentVoltage) - context.vehicle.batteryVoltage) < context.settings.prechargeTolerance;
    },
    /** The EVSE asked to stop in PowerDeliveryRes: the first CurrentDemandRes ends the loop. */
    evseEnded: ({ context }) => context.evseEnding !== undefined,
    vehicleStops: ({ context }) => context.vehicle.stopRequested || chargingComplete(context.vehicle),
    weldingDetectionDone: ({ context, event }) => {
      const res = receivedBody(event)?.WeldingDetectionRes;
      if (res === undefined) return false;
      return fromPhysicalValue(res.EVSEPresentVoltage) < context.settings.weldingDetectionVoltage
        || (context.pending?.count ?? 0) >= context.settings.weldingDetectionMaxRequests;
    },
  },
  actions: {
    sendRequest: enqueueActions(({ context, enqueue }, params: { step: EvccStep }) => {
      const request = evccRequestName(params.step);
      const count = context.pending?.step === params.step ? context.pending.count + 1 : 1;
      enqueue.assign({ pending: { step: params.step, request, count } });
      const message = dinMessage(context.sessionId ?? NO_SESSION_ID, evccRequestBody(params.step, context));
      enqueue.emit({ type: 'channel.send', message: v2gDocument('din', message) });
    }),
    storeVehicle: assign({ vehicle: ({ context, event }) => (event.type === 'vehicle.status' ? event.status : context.vehicle) }),
    storeSessionId: assign({
      sessionId: ({ context, event }) => (event.type === 'channel.received' ? event.message.document.V2G_Message.Header.SessionID : context.sessionId),
    }),
    storeServiceId: assign({
      serviceId: ({ context, event }) => receivedBody(event)?.ServiceDiscoveryRes?.ChargeService.ServiceTag.ServiceID ?? context.serviceId,
    }),
    commandVehicle: emit((_, command: VehicleCommand) => ({ type: 'vehicle.command' as const, command })),
    /** The measured output, so the vehicle (or its simulator) integrates the energy. */
    reportCharging: emit(({ event }) => {
      const res = receivedBody(event)?.CurrentDemandRes;
      const command: VehicleCommand = {
        type: 'charging',
        active: true,
        voltage: res ? fromPhysicalValue(res.EVSEPresentVoltage) : 0,
        current: res ? fromPhysicalValue(res.EVSEPresentCurrent) : 0,
      };
      return { type: 'vehicle.command' as const, command };
    }),
    storeEvseLimits: assign({
      evseLimits: ({ context, event }) => {
        const response = receivedResponse(event);
        return response === undefined ? context.evseLimits : limitsAfter(context.evseLimits, response.element);
      },
    }),
    noteEvseEmergency: assign(({ event }) => {
      const reason = verdictOf(event)?.reason;
      return { failure: reason, evseEnding: reason };
    }),
    noteEvseStop: assign({ evseEnding: ({ event }) => verdictOf(event)?.reason }),
    noteShortfall: assign({ evseEnding: ({ context, event }) => `the EVSE cannot charge this vehicle: ${shortfallOf(context, event)}` }),
    noteFailedAfterCharge: assign({
      evseEnding: ({ context, event }) =>
        event.type === 'channel.received' && context.pending
          ? `${failedCode(event.message.document, context.pending.request, context.sessionId)} in ${context.pending.request.replace(/Req$/, 'Res')} after the charge`
          : undefined,
    }),
    fail: assign({ failure: (_, params: { reason: string }) => params.reason }),
    failOnResponse: assign({
      failure: ({ context, event }, params: { request: DinRequestName }) =>
        event.type === 'channel.received' ? responseProblem(event.message.document, params.request, context.sessionId) : undefined,
    }),
    failOnUnexpected: assign({
      failure: ({ event }) =>
        (event.type === 'channel.received' ? `${bodyName(event.message.document) ?? 'an empty Body'} received with no request outstanding` : undefined),
    }),
    failOnChannel: assign({ failure: ({ event }) => channelEndReason(event) }),
    closeChannel: emit(({ context }) => ({ type: 'channel.close' as const, reason: closeReason(context.failure) })),
  },
});

type EvccState = NonNullable<Parameters<typeof evccSetup.createMachine>[0]['states']>[string];
type EvccTransition = Exclude<NonNullable<NonNullable<EvccState['on']>['channel.received']>, string | readonly unknown[]>;
type LoopState = 'Request' | 'Pause';

const FAILED = '#din-evcc.Failed';

/** Into Failed with `reason`; fits both a message's transitions and a timer's. */
function failure(reason: string) {
  return { target: FAILED, actions: { type: 'fail', params: { reason } } } as const;
}

/** Into the normal ending from where the EV is: the target and what the vehicle does on the way. */
interface Ending {
  readonly target: string;
  readonly actions: readonly ReturnType<typeof vehicleCommand>[];
}

/**
 * Where the EV goes when the EVSE asks to stop or cannot charge it, by step: before energy was asked for, straight to
 * SessionStop (CP back to B once it was C); once PowerDelivery started, PowerDelivery stop and WeldingDetection first
 * ([V2G-DC-459]). After PowerDeliveryRes the SECC takes only CurrentDemandReq (its WaitForCurrentDemand), so the EV
 * sends one and leaves the loop on its answer. From PowerDeliveryStop on the EV is already on its way out.
 */
const TO_SESSION_STOP: Ending = { target: '#din-evcc.SessionStop', actions: [] };
const CP_B_TO_SESSION_STOP: Ending = { target: '#din-evcc.SessionStop', actions: [vehicleCommand({ type: 'controlPilot', state: 'B' })] };
const TO_POWER_DELIVERY_STOP: Ending = { target: '#din-evcc.PowerDeliveryStop', actions: [] };
const EVSE_ENDINGS: Partial<Record<EvccStep, Ending>> = {
  ChargeParameterDiscovery: TO_SESSION_STOP,
  CableCheck: CP_B_TO_SESSION_STOP,
  PreCharge: CP_B_TO_SESSION_STOP,
  PowerDeliveryStart: { target: '#din-evcc.CurrentDemand', actions: [] },
  CurrentDemand: TO_POWER_DELIVERY_STOP,
};

/**
 * A FAILED WeldingDetectionRes comes after the energy transfer ended and the contactors opened: WeldingDetection is
 * the EV's own check, and after PowerDeliveryReq(ReadyToChargeState=false) the SECC takes SessionStopReq in its place,
 * so the EV ends with SessionStop, both sides left clean, and names the charger as the cause.
 */
const AFTER_FAILED: Partial<Record<EvccStep, EvccTransition>> = {
  WeldingDetection: { guard: 'failedAfterCharge', target: '#din-evcc.SessionStop', actions: 'noteFailedAfterCharge' },
};

/** The steps whose responses carry DC_EVSEStatus, read for an emergency. */
const STATUS_STEPS: ReadonlySet<EvccStep> = new Set([
  'ChargeParameterDiscovery', 'CableCheck', 'PreCharge', 'PowerDeliveryStart', 'CurrentDemand', 'PowerDeliveryStop', 'WeldingDetection',
]);
/** The steps whose responses announce the EVSE's limits. */
const LIMIT_STEPS: ReadonlySet<EvccStep> = new Set(['ChargeParameterDiscovery', 'CurrentDemand']);

/** What the EVSE's status and limits may do to `step`'s answer, before the step's own transitions. */
function evseTransitions(step: EvccStep): EvccTransition[] {
  const ending = EVSE_ENDINGS[step];
  return [
    ...(STATUS_STEPS.has(step) ? [{ guard: 'evseEmergency', target: FAILED, actions: 'noteEvseEmergency' } as const] : []),
    ...(ending ? [{ guard: 'evseStops', target: ending.target, actions: ['noteEvseStop', ...ending.actions] } as const] : []),
    ...(ending && LIMIT_STEPS.has(step) ? [{ guard: 'evseCannotCharge', target: ending.target, actions: ['noteShortfall', ...ending.actions] } as const] : []),
  ];
}

/**
 * Send `step`'s request on entry and wait for its answer: a rejected one fails the session; the EVSE's status and
 * limits may end it; else `answered` decides, with the limits the answer brought stored.
 */
function exchange(step: EvccStep, answered: readonly EvccTransition[]): EvccState {
  const request = evccRequestName(step);
  const afterFailed = AFTER_FAILED[step];
  return {
    entry: { type: 'sendRequest', params: { step } },
    after: { V2G_EVCC_Msg_Timeout: failure(`V2G_EVCC_Msg_Timeout on ${request}`) },
    on: {
      'channel.received': [
        ...(afterFailed ? [afterFailed] : []),
        {
          guard: { type: 'responseRejected', params: { request } },
          target: FAILED,
          actions: { type: 'failOnResponse', params: { request } },
        },
        ...evseTransitions(step),
        ...(LIMIT_STEPS.has(step) ? answered.map(storingLimits) : answered),
      ],
    },
  };
}

/** `transition` with the limits its response brought stored first. */
function storingLimits(transition: EvccTransition): EvccTransition {
  const { actions } = transition;
  const list = actions === undefined ? [] : Array.isArray(actions) ? actions : [actions];
  return { ...transition, actions: ['storeEvseLimits', ...list] } as EvccTransition;
}

/** `step` again `loopInterval` after each answer that takes none of `exits`. */
function loop(
  step: EvccStep,
  exits: readonly EvccTransition[],
  options: { initial?: LoopState; repeat?: EvccTransition['actions'] } = {},
): EvccState {
  return {
    initial: options.initial ?? 'Request',
    states: {
      Request: exchange(step, [...exits, { target: 'Pause', actions: options.repeat }]),
      Pause: { after: { loopInterval: 'Request' } },
    },
  };
}

/** A request the EVSE may answer with EVSEProcessing=Ongoing: repeated under V2G_EVCC_Ongoing_Timeout from the first one. */
function whileOngoing(step: EvccStep, finished: EvccTransition): EvccState {
  const done = { ...finished, guard: 'evseProcessingFinished' } as const;
  return {
    initial: 'Request',
    states: {
      Request: exchange(step, [done, { target: 'Ongoing' }]),
      Ongoing: {
        ...loop(step, [done], { initial: 'Pause' }),
        after: { V2G_EVCC_Ongoing_Timeout: failure(`V2G_EVCC_Ongoing_Timeout on ${evccRequestName(step)}`) },
      },
    },
  };
}

function vehicleCommand(command: VehicleCommand) {
  return { type: 'commandVehicle', params: command } as const;
}

export const dinEvccMachine = evccSetup.createMachine({
  id: 'din-evcc',
  context: ({ input }) => ({ settings: input, vehicle: input.vehicle, serviceId: 0, evseLimits: NO_LIMITS }),
  initial: 'SessionSetup',
  on: {
    'vehicle.status': { actions: 'storeVehicle' },
    'channel.received': { target: '.Failed', actions: 'failOnUnexpected' },
    'channel.closed': { target: '.Failed', actions: 'failOnChannel' },
    'channel.invalid': { target: '.Failed', actions: 'failOnChannel' },
  },
  states: {
    SessionSetup: exchange('SessionSetup', [{ target: 'ServiceDiscovery', actions: 'storeSessionId' }]),
    ServiceDiscovery: exchange('ServiceDiscovery', [
      { guard: 'offersExternalPayment', target: 'ServicePaymentSelection', actions: 'storeServiceId' },
      failure('ServiceDiscoveryRes without ExternalPayment, the only payment DIN has'),
    ]),
    ServicePaymentSelection: exchange('ServicePaymentSelection', [{ target: 'ContractAuthentication' }]),
    ContractAuthentication: whileOngoing('ContractAuthentication', { target: '#din-evcc.ChargeParameterDiscovery' }),
    ChargeParameterDiscovery: whileOngoing('ChargeParameterDiscovery', { target: '#din-evcc.CableCheck' }),
    // CP state C before the first CableCheckReq: the EVSE tests the isolation only with S2 closed.
    CableCheck: {
      ...loop('CableCheck', [{ guard: 'evseProcessingFinished', target: '#din-evcc.PreCharge' }]),
      entry: vehicleCommand({ type: 'controlPilot', state: 'C' }),
      after: { V2G_EVCC_CableCheck_Timeout: failure('V2G_EVCC_CableCheck_Timeout') },
    },
    PreCharge: {
      ...loop('PreCharge', [
        {
          guard: 'prechargeDone',
          target: '#din-evcc.PowerDeliveryStart',
          actions: vehicleCommand({ type: 'contactors', closed: true }),
        },
      ]),
      after: { V2G_EVCC_PreCharge_Timeout: failure('V2G_EVCC_PreCharge_Timeout') },
    },
    PowerDeliveryStart: exchange('PowerDeliveryStart', [{ target: 'CurrentDemand' }]),
    CurrentDemand: {
      ...loop('CurrentDemand', [
        { guard: 'evseEnded', target: '#din-evcc.PowerDeliveryStop' },
        { guard: 'vehicleStops', target: '#din-evcc.PowerDeliveryStop' },
      ], { repeat: 'reportCharging' }),
      // Leaving the loop, whatever the way, the vehicle stops counting energy (exit actions run before a transition's).
      exit: vehicleCommand({ type: 'charging', active: false, voltage: 0, current: 0 }),
    },
    PowerDeliveryStop: exchange('PowerDeliveryStop', [{
      target: 'WeldingDetection',
      actions: [vehicleCommand({ type: 'contactors', closed: false }), vehicleCommand({ type: 'controlPilot', state: 'B' })],
    }]),
    WeldingDetection: loop('WeldingDetection', [{ guard: 'weldingDetectionDone', target: '#din-evcc.SessionStop' }]),
    SessionStop: exchange('SessionStop', [{ target: 'Stopped' }]),
    Stopped: { type: 'final', entry: 'closeChannel' },
    // Safe state whatever the step: CP B tells the EVSE to stop (IEC 61851), the EV's contactors open.
    Failed: {
      type: 'final',
      entry: [
        'closeChannel',
        vehicleCommand({ type: 'controlPilot', state: 'B' }),
        vehicleCommand({ type: 'contactors', closed: false }),
      ],
    },
  },
  output: ({ context }) => sessionOutcome(context.failure, context.sessionId, context.evseEnding),
});
