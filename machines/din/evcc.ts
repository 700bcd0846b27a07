/**
 * The DIN SPEC 70121 EVCC (DC, EIM): the vehicle's side of the session from SessionSetup to SessionStop
 * (SESSIONS.md §1.2), started once the supportedAppProtocol handshake chose DIN.
 *
 * Every request waits for its pair under V2G_EVCC_Msg_Timeout; the EVSEProcessing loops repeat `loopInterval` after
 * each answer under their own timer (V2G_EVCC_Ongoing_Timeout from the first Ongoing, V2G_EVCC_CableCheck_Timeout
 * and V2G_EVCC_PreCharge_Timeout from the first request). A timeout, a FAILED code, a response of another type or
 * session, or the channel's end stops the session: the machine emits `channel.close` and ends `failed` naming why.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { VehicleCommand, VehicleStatus } from '../../adapters/vehicle.js';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../session/events.js';
import { fromPhysicalValue } from '../session/physical-value.js';
import { NO_SESSION_ID } from '../session/session-id.js';
import { evccMessageTimeout } from '../timing/timers.js';
import { chargingComplete, evccRequestBody, evccRequestName, type EvccStep } from './evcc-requests.js';
import type { DinEvccInput } from './input.js';
import { bodyName, dinMessage, type DinMessage, type DinRequestName } from './messages.js';
import { closeReason, sessionOutcome } from './outcome.js';
import { channelEndReason, receivedBody } from './received.js';
import { responseProblem } from './response-check.js';
import { evseStopRequest } from './status.js';

export type DinEvccEvent = ChannelEvent<DinMessage> | VehicleEvent;
export type DinEvccEmitted = ChannelCommand<DinMessage> | VehicleCommandEvent;

export interface DinEvccContext {
  readonly settings: DinEvccInput;
  /** The latest status from `vehicle.status`. */
  readonly vehicle: VehicleStatus;
  /** The SessionID the SECC gave in SessionSetupRes; undefined before. */
  readonly sessionId?: Uint8Array;
  readonly serviceId: number;
  /** The request awaiting its answer, and how many times in a row this step has been sent. */
  readonly pending?: { readonly step: EvccStep; readonly request: DinRequestName; readonly count: number };
  readonly failure?: string;
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
      event.type === 'channel.received' && responseProblem(event.message, params.request, context.sessionId) !== undefined,
    offersExternalPayment: ({ event }) =>
      receivedBody(event)?.ServiceDiscoveryRes?.PaymentOptions.PaymentOption.includes('ExternalPayment') === true,
    evseProcessingFinished: ({ event }) => {
      const body = receivedBody(event);
      const processing = (body?.ContractAuthenticationRes ?? body?.ChargeParameterDiscoveryRes ?? body?.CableCheckRes)?.EVSEProcessing;
      return processing === 'Finished';
    },
    // Valid and Warning let the EV go on; Fault ends the session (SESSIONS.md §1.3, unverified).
    isolationFault: ({ event }) => receivedBody(event)?.CableCheckRes?.DC_EVSEStatus.EVSEIsolationStatus === 'Fault',
    prechargeDone: ({ context, event }) => {
      const res = receivedBody(event)?.PreChargeRes;
      if (res === undefined) return false;
      return Math.abs(fromPhysicalValue(res.EVSEPresentVoltage) - context.vehicle.batteryVoltage) < context.settings.prechargeTolerance;
    },
    evseStops: ({ event }) => {
      const res = receivedBody(event)?.CurrentDemandRes;
      return res !== undefined && evseStopRequest(res.DC_EVSEStatus) !== undefined;
    },
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
      enqueue.emit({ type: 'channel.send', message });
    }),
    storeVehicle: assign({ vehicle: ({ context, event }) => (event.type === 'vehicle.status' ? event.status : context.vehicle) }),
    storeSessionId: assign({
      sessionId: ({ context, event }) => (event.type === 'channel.received' ? event.message.V2G_Message.Header.SessionID : context.sessionId),
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
    fail: assign({ failure: (_, params: { reason: string }) => params.reason }),
    failOnResponse: assign({
      failure: ({ context, event }, params: { request: DinRequestName }) =>
        event.type === 'channel.received' ? responseProblem(event.message, params.request, context.sessionId) : undefined,
    }),
    failOnUnexpected: assign({
      failure: ({ event }) =>
        (event.type === 'channel.received' ? `${bodyName(event.message) ?? 'an empty Body'} received with no request outstanding` : undefined),
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

/** Send `step`'s request on entry and wait for its answer: a rejected one fails the session, else `answered` decides. */
function exchange(step: EvccStep, answered: readonly EvccTransition[]): EvccState {
  const request = evccRequestName(step);
  return {
    entry: { type: 'sendRequest', params: { step } },
    after: { V2G_EVCC_Msg_Timeout: failure(`V2G_EVCC_Msg_Timeout on ${request}`) },
    on: {
      'channel.received': [
        {
          guard: { type: 'responseRejected', params: { request } },
          target: FAILED,
          actions: { type: 'failOnResponse', params: { request } },
        },
        ...answered,
      ],
    },
  };
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
  context: ({ input }) => ({ settings: input, vehicle: input.vehicle, serviceId: 0 }),
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
      ...loop('CableCheck', [
        { guard: 'isolationFault', ...failure('EVSEIsolationStatus Fault in CableCheckRes') },
        { guard: 'evseProcessingFinished', target: '#din-evcc.PreCharge' },
      ]),
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
        { guard: 'evseStops', target: '#din-evcc.PowerDeliveryStop' },
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
  output: ({ context }) => sessionOutcome(context.failure, context.sessionId),
});
