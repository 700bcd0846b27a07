/**
 * The EVCC kit's guards, actions and delays, written once for every protocol: a protocol's `setup` spreads them and
 * adds its own. What they do:
 *
 * - The request step: `sendRequest` wraps the step's request into the protocol's message and remembers it as
 *   pending; V2G_EVCC_Msg_Timeout runs per message pair (../../timing/v2g-timers.ts).
 * - The response check (answer-check.ts), at the root: a rejected answer fails the session; an emergency in the
 *   EVSE's status fails it at once; a FAILED WeldingDetectionRes, coming after the charge, ends it the clean way; an
 *   accepted one updates the EVSE view (evse-view-after.ts) and is raised again as the protocol's response event,
 *   which the state that sent the request handles.
 * - The final states: the vehicle made safe, the outcome (evcc-outcome.ts), the channel closed.
 */
import { assign, emit, enqueueActions, type EventObject } from 'xstate';
import type { VehicleCommand } from '../../../base/vehicle/vehicle-status.js';
import type { V2gDocument } from '../../../codecs/exi/v2g-document.js';
import type { ChannelCommand, ChannelEvent, SessionOutcome, VehicleCommandEvent, VehicleEvent } from '../session-events.js';
import { evseShortfall } from '../evse-limits.js';
import { NO_SESSION_ID } from '../session-id.js';
import { evccMessageTimeout } from '../../timing/v2g-timers.js';
import type { EvccAdapter } from './evcc-adapter.js';
import { answerCheck } from './answer-check.js';
import { chargingComplete } from './dc-request-fields.js';
import { evccCloseReason } from './evcc-outcome.js';
import type { EvccKitContext } from './evcc-kit-context.js';
import { evseViewAfter, type EvseView } from './evse-view-after.js';

type Received<M extends V2gDocument> = Extract<ChannelEvent<M>, { readonly type: 'channel.received' }>;

/** The message of a `channel.received` event; undefined for any other event. */
function messageOf<M extends V2gDocument>(event: EventObject): M | undefined {
  return event.type === 'channel.received' ? (event as Received<M>).message : undefined;
}

function isVehicleStatus(event: EventObject): event is VehicleEvent {
  return event.type === 'vehicle.status';
}

type ChannelEnd = Exclude<ChannelEvent, { readonly type: 'channel.received' }>;

function isChannelEnd(event: EventObject): event is ChannelEnd {
  return event.type === 'channel.closed' || event.type === 'channel.invalid';
}

export const NOT_CHARGING: VehicleCommand = { type: 'charging', active: false, voltage: 0, current: 0 };

interface KitArgs<C> {
  readonly context: C;
  readonly event: EventObject;
}

type Delay = { readonly context: EvccKitContext };

/** The timers every EVCC chart names. */
export const evccKitDelays = {
  V2G_EVCC_Msg_Timeout: ({ context }: Delay) => evccMessageTimeout(context.input.timing, context.pending ?? ''),
  V2G_EVCC_Ongoing_Timeout: ({ context }: Delay) => context.input.timing.session.V2G_EVCC_Ongoing_Timeout,
  V2G_EVCC_CableCheck_Timeout: ({ context }: Delay) => context.input.timing.session.V2G_EVCC_CableCheck_Timeout,
  V2G_EVCC_PreCharge_Timeout: ({ context }: Delay) => context.input.timing.session.V2G_EVCC_PreCharge_Timeout,
  loopInterval: ({ context }: Delay) => context.input.loopInterval,
};

/** DC: energy flows at what the EVSE measured. */
export function measuredCharging(evse: EvseView): VehicleCommand {
  return { type: 'charging', active: true, voltage: evse.presentVoltage, current: evse.presentCurrent };
}

/** Guards and actions of the kit for a protocol's `adapter`. */
export function evccKit<C extends EvccKitContext<S>, E extends EventObject, R extends E, M extends V2gDocument, B, S extends string>(
  adapter: EvccAdapter<C, M, B, R, S>,
) {
  type Emitted = ChannelCommand<M> | VehicleCommandEvent;
  const check = (context: C, event: EventObject) => {
    const message = messageOf<M>(event);
    return message === undefined ? undefined : answerCheck(adapter, context, message);
  };
  const viewAfter = adapter.evseView ?? evseViewAfter;
  const emergency = (context: C, event: EventObject) => {
    const answer = check(context, event);
    if (answer?.ok !== true) return undefined;
    const verdict = viewAfter(context.evse, answer.name, answer.element).verdict;
    return verdict?.action === 'emergency' ? verdict : undefined;
  };
  const command = (c: VehicleCommand): VehicleCommandEvent => ({ type: 'vehicle.command', command: c });
  /** Why the charger cannot charge this vehicle at all with the limits in force (../evse-limits.ts); undefined: it can. */
  const shortfall = (context: C, event: EventObject) => {
    // The raised response events are the only ones named …Res.
    const limits = adapter.limits(context, event.type.endsWith('Res') ? (event as R) : undefined);
    return limits === undefined ? undefined : evseShortfall(limits, context.vehicle);
  };

  const guards = {
    unacceptableResponse: ({ context, event }: KitArgs<C>) => check(context, event)?.ok === false,
    evseEmergency: ({ context, event }: KitArgs<C>) => emergency(context, event) !== undefined,
    /**
     * A FAILED WeldingDetectionRes comes after the energy transfer ended and the contactors opened: WeldingDetection is
     * the EV's own check, and the SECC takes SessionStopReq in its place, so the EV ends with SessionStop, both sides
     * left clean, and names the charger. ISO 15118-20 names it DC_WeldingDetectionReq.
     */
    failedAfterCharge: ({ context, event }: KitArgs<C>) => {
      const answer = check(context, event);
      return answer?.ok === false && answer.failedCode !== undefined && context.pending?.endsWith('WeldingDetectionReq') === true;
    },
    /** EVSEProcessing=Finished; Ongoing asks the EV to ask again. */
    evseProcessingFinished: ({ event }: KitArgs<C>) => 'body' in event && (event.body as { EVSEProcessing?: string }).EVSEProcessing === 'Finished',
    evseAsksStop: ({ context }: KitArgs<C>) => context.evse.verdict?.action === 'stop',
    /** The EVSE asked to stop where the EV could not leave at once (PowerDeliveryRes): the loop's first answer ends it. */
    evseEnded: ({ context }: KitArgs<C>) => context.evseEnding !== undefined,
    evseCannotCharge: ({ context, event }: KitArgs<C>) => shortfall(context, event) !== undefined,
    /** The driver asked to stop, or the battery is full. */
    evWantsStop: ({ context }: KitArgs<C>) => context.vehicle.stopRequested || chargingComplete(context.vehicle),
  };

  const actions = {
    sendRequest: enqueueActions<C, E, { step: S }, E, never, never, never, never, Emitted>(({ context, enqueue }, params) => {
      const count = context.sent?.step === params.step ? context.sent.count + 1 : 1;
      enqueue.assign({ pending: adapter.requestOf(params.step, context), sent: { step: params.step, count } } as Partial<C>);
      const message = adapter.envelope.wrap(context.sessionId ?? NO_SESSION_ID, adapter.build(context, params.step));
      enqueue.emit({ type: 'channel.send', message });
    }),
    acceptResponse: enqueueActions<C, E, undefined, E, never, never, never, never, Emitted>(({ context, event, enqueue }) => {
      const answer = check(context, event);
      if (answer?.ok !== true) return;
      const sessionId = answer.name === 'SessionSetupRes' ? answer.sessionId : context.sessionId;
      enqueue.assign({ pending: undefined, sessionId, evse: viewAfter(context.evse, answer.name, answer.element) } as Partial<C>);
      enqueue.raise(answer.event);
    }),
    noteUnacceptableResponse: assign<C, E, undefined, E, never>(({ context, event }) => {
      const answer = check(context, event);
      return (answer?.ok === false ? { failure: answer.reason } : {}) as Partial<C>;
    }),
    noteMsgTimeout: assign<C, E, undefined, E, never>(({ context }) =>
      ({ failure: `V2G_EVCC_Msg_Timeout on ${context.pending ?? 'a request'}` }) as Partial<C>),
    noteOngoingTimeout: assign<C, E, { step: S }, E, never>(({ context }, params) =>
      ({ failure: adapter.wording.ongoingTimeout(params.step, adapter.requestOf(params.step, context)) }) as Partial<C>),
    noteChannelEnd: assign<C, E, undefined, E, never>(({ event }) =>
      (isChannelEnd(event) ? { failure: adapter.wording.channelEnd(event.type, event.reason) } : {}) as Partial<C>),
    fail: assign<C, E, { reason: string }, E, never>((_, params) => ({ failure: params.reason }) as Partial<C>),
    noteEvseEmergency: assign<C, E, undefined, E, never>(({ context, event }) => {
      const reason = emergency(context, event)?.reason;
      return { failure: reason, evseEnding: reason } as Partial<C>;
    }),
    noteShortfall: assign<C, E, undefined, E, never>(({ context, event }) =>
      ({ evseEnding: `the EVSE cannot charge this vehicle: ${shortfall(context, event)}` }) as Partial<C>),
    noteEvseStop: assign<C, E, undefined, E, never>(({ context }) => ({ evseEnding: context.evse.verdict?.reason }) as Partial<C>),
    noteFailedAfterCharge: assign<C, E, undefined, E, never>(({ context, event }) => {
      const answer = check(context, event);
      const code = answer?.ok === false ? answer.failedCode : undefined;
      return { evseEnding: `${code} in ${context.pending?.replace(/Req$/, 'Res')} after the charge` } as Partial<C>;
    }),
    recordVehicle: assign<C, E, undefined, E, never>(({ context, event }) =>
      ({ vehicle: isVehicleStatus(event) ? event.status : context.vehicle }) as Partial<C>),
    command: emit<C, E, { command: VehicleCommand }, E, Emitted>((_, params) => command(params.command)),
    reportCharging: emit<C, E, undefined, E, Emitted>(({ context }) => command(adapter.charging(context))),
    stopDrawing: emit<C, E, undefined, E, Emitted>(command(NOT_CHARGING)),
    /** After any ending: no current, CP back to B (IEC 61851: the EVSE stops), DC contactors open. */
    safeState: enqueueActions<C, E, undefined, E, never, never, never, never, Emitted>(({ context, enqueue }) => {
      enqueue.emit(command(NOT_CHARGING));
      enqueue.emit(command({ type: 'controlPilot', state: 'B' }));
      if (adapter.dc(context)) enqueue.emit(command({ type: 'contactors', closed: false }));
    }),
    finish: assign<C, E, { result: SessionOutcome['result'] }, E, never>((_, params) => ({ result: params.result }) as Partial<C>),
    closeChannel: emit<C, E, undefined, E, Emitted>(({ context }) => ({ type: 'channel.close' as const, reason: evccCloseReason(context) })),
  };
  return { guards, actions };
}
