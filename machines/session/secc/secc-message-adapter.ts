/**
 * What a protocol gives the SECC kit (secc-session-kit.ts) to become a session machine: how its V2G_Message carries a
 * body (`envelope`, the one place per protocol; a body it cannot read comes out with the reason the session ends), its session facts, one pure handler per request it accepts somewhere,
 * its minimal FAILED response per request, and the words of its outcomes. Which request is allowed in which state is its
 * chart, built from secc-chart.ts. DIN SPEC 70121 and ISO 15118-2 are two such adapters; ISO 15118-20 is the third.
 */
import type { EvseStatus } from './evse-snapshot.js';
import type { SeccKitInput } from '../session-input.js';
import type { SeccAnswer, SeccRequestType } from './secc-answer.js';
import type { SeccPending } from './secc-pending.js';

/** A received message's body: its one element, or why it has none the SECC can read. */
export type UnwrappedBody =
  | { readonly ok: true; readonly name: string; readonly body: object; readonly sessionId: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/** How a body goes into and comes out of the protocol's V2G_Message (the channel's document). */
export interface SeccEnvelope<M> {
  /** `time`: the request's (SeccRequestEvent.time), which a protocol whose every message is timestamped (-20) writes. */
  wrap(sessionId: Uint8Array, body: object, time: number): M;
  unwrap(message: M): UnwrappedBody;
}

/**
 * What a handler reads: the session's facts, its input, its SessionID once given, the power module's status and the
 * questions asked outside with their verdicts.
 */
export type SeccFacts<I extends SeccKitInput, F extends object> = F & {
  readonly input: I;
  readonly sessionId?: Uint8Array;
  readonly evse: EvseStatus;
  readonly pending: SeccPending;
};

/** The reasons an outcome gives, in the protocol's words (the runner logs them; tests read them). */
export interface SeccWording {
  /** `code` answered to `request` with `response`; `bySequence`: the kit refused it (sequence, session), not a handler. */
  refused(code: string, request: string, response: string, bySequence: boolean): string;
  /** Why a message whose body is `name`, not a request, ends the session unanswered. */
  notARequest(name: string): string;
  channelEnded(event: 'channel.closed' | 'channel.invalid', reason: string): string;
  /** The reason `channel.close` gives after SessionStopRes. */
  stopped(result: 'stopped' | 'paused'): string;
}

export interface SeccMessageAdapter<M, I extends SeccKitInput, F extends object> {
  readonly envelope: SeccEnvelope<M>;
  initialFacts(input: I): F;
  /** The answer to a request the SECC accepts somewhere; undefined for one it never accepts (FAILED_SequenceError). */
  answer(type: SeccRequestType, request: object, facts: SeccFacts<I, F>, sessionId: Uint8Array, time: number): SeccAnswer<F> | undefined;
  /**
   * The minimal response of `type`'s own response type with `code` [V2G2-538] [V2G2-736]; `request` is the received
   * body, whose variant some minimal responses follow (-20's BPT elements, ServiceDetailRes's ServiceID).
   */
  failed(type: SeccRequestType, code: string, facts: SeccFacts<I, F>, request: object): object;
  readonly wording: SeccWording;
}

/** The plain wording of a protocol that names its responses and codes as they are: ISO 15118-2's and -20's. */
export const SECC_WORDING: SeccWording = {
  refused: (code, request) => `${code} answered to ${request}`,
  notARequest: (name) => `${name} is not a request`,
  channelEnded: (event, reason) => `${event === 'channel.closed' ? 'channel closed' : 'invalid message'}: ${reason}`,
  stopped: (result) => `SessionStop done (${result})`,
};
