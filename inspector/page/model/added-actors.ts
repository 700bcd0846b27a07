/**
 * The actors the stack's inspector adds to XState's own (inspector/live/): what the page must know to tell them apart.
 * Shared by the stream's producer and the page, so both spell them alike.
 */

/** Session ids of I/O actors (`io:secc/3/evse`): where a machine's emitted events go when no XState actor takes them. */
export const IO_SESSION_PREFIX = 'io:';

/** The name of the child actor holding a machine's running timers. */
export const TIMERS_ACTOR = 'timers';

export interface RunningTimer {
  /** XState's id for the scheduled event (for `after`: the event type). */
  readonly id: string;
  /** The delay's name (`V2G_EVCC_Msg_Timeout`), or its milliseconds when it has none. */
  readonly delay: string;
  readonly ms: number;
  /** The event it raises when it expires (`xstate.after.V2G_EVCC_Msg_Timeout.din-evcc.SessionSetup`). */
  readonly event: string;
  /** On the inspector's clock, like `createdAt`. */
  readonly startedAt: number;
}

/** The context of a `timers` actor. */
export interface TimersContext {
  readonly timers: readonly RunningTimer[];
}
