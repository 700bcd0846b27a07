/**
 * What the driver or the vehicle's energy manager may ask for in the charging loop beside stopping, and the EVSE's
 * ReNegotiation notification: in ISO 15118-2 (and -20) a pause ends the session with SessionStop(Pause), keeping its
 * SessionID for a later SessionSetupReq to resume; a renegotiation sends PowerDelivery(Renegotiate) and
 * ChargeParameterDiscovery again, then PowerDelivery(Start) straight back (DC skips CableCheck and PreCharge).
 * DIN 70121 has neither.
 */
import { assign, type EventObject } from 'xstate';
import type { EvccKitContext } from './evcc-kit-context.js';

export type EvWishEvent = { readonly type: 'ev.pause' } | { readonly type: 'ev.renegotiate' };

export interface PauseRenegotiationContext {
  readonly pauseWanted: boolean;
  readonly renegotiationWanted: boolean;
  /** Between PowerDelivery(Renegotiate) and the next PowerDelivery(Start). */
  readonly renegotiating: boolean;
  /** How SessionStopReq ends the session: Terminate, or Pause to resume later. */
  readonly stopKind: 'Terminate' | 'Pause';
}

export const NO_PAUSE_OR_RENEGOTIATION: PauseRenegotiationContext = {
  pauseWanted: false,
  renegotiationWanted: false,
  renegotiating: false,
  stopKind: 'Terminate',
};

type Context = EvccKitContext & PauseRenegotiationContext;

export const pauseRenegotiationGuards = {
  evWantsPause: ({ context }: { context: Context }) => context.pauseWanted,
  renegotiationWanted: ({ context }: { context: Context }) => context.renegotiationWanted || context.evse.notification === 'ReNegotiation',
  renegotiating: ({ context }: { context: Context }) => context.renegotiating,
  pausing: ({ context }: { context: Context }) => context.stopKind === 'Pause',
};

export function pauseRenegotiationActions<C extends Context, E extends EventObject>() {
  return {
    wantPause: assign<C, E, undefined, E, never>(() => ({ pauseWanted: true }) as Partial<C>),
    wantRenegotiation: assign<C, E, undefined, E, never>(() => ({ renegotiationWanted: true }) as Partial<C>),
    /** The EVSE's ReNegotiation is being answered: it must not start a second one from the same response. */
    startRenegotiation: assign<C, E, undefined, E, never>(({ context }) =>
      ({ renegotiating: true, renegotiationWanted: false, evse: { ...context.evse, notification: 'None' } }) as Partial<C>),
    endRenegotiation: assign<C, E, undefined, E, never>(() => ({ renegotiating: false }) as Partial<C>),
    stopAs: assign<C, E, { kind: Context['stopKind'] }, E, never>((_, params) => ({ stopKind: params.kind }) as Partial<C>),
  };
}

/** The root's transitions for the EV's wishes, taken in any state; the charging loop acts on them. */
export function wishTransitions() {
  return {
    'ev.pause': { actions: 'wantPause' },
    'ev.renegotiate': { actions: 'wantRenegotiation' },
  } as const;
}

const TERMINATE = { type: 'stopAs', params: { kind: 'Terminate' } } as const;

/**
 * Between two requests of the charging loop, what the EVSE and the EV want ends it, in this order: a stop the EVSE
 * asked earlier or asks now, limits it cannot charge with, the EV's stop, its pause, then a renegotiation either side
 * wants. Every stop goes through PowerDelivery(Stop).
 */
export function loopBetween<const Id extends string>(id: Id) {
  const stop = `#${id}.PowerDeliveryStop` as const;
  return [
    { guard: 'evseEnded', target: stop, actions: TERMINATE },
    { guard: 'evseAsksStop', target: stop, actions: ['noteEvseStop', TERMINATE] },
    { guard: 'evseCannotCharge', target: stop, actions: ['noteShortfall', TERMINATE] },
    { guard: 'evWantsStop', target: stop, actions: TERMINATE },
    { guard: 'evWantsPause', target: stop, actions: { type: 'stopAs', params: { kind: 'Pause' } } },
    { guard: 'renegotiationWanted', target: `#${id}.PowerDeliveryRenegotiate` },
  ] as const;
}

/** The final state of a paused session. */
export const PAUSED = { type: 'final', entry: [{ type: 'finish', params: { result: 'paused' } }, 'closeChannel'] } as const;
