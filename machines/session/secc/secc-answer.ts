/**
 * What a protocol's message adapter and the SECC kit's chart pass between them: a received request is classified and
 * answered once (secc-session-kit.ts), then goes through the chart as one typed event that carries its answer, e.g.
 * `{ type: 'CurrentDemandReq', request, answer }`, so every guard reads `event.answer` and no handler runs twice.
 */
import type { EvseStatus, PowerCommand } from './evse-snapshot.js';
import type { SeccQuestion } from './secc-pending.js';

/** A request's body element name, e.g. `CurrentDemandReq`: what the typed event is called. */
export type SeccRequestType = `${string}Req`;

/**
 * EVSEProcessing where the response carries one: `Finished` lets the session go on, an `Ongoing…` answer keeps it
 * where it is and the EV asks again (the kit's Ongoing rule, `polled` in secc-chart.ts).
 */
export type SeccProcessing = 'Finished' | 'Ongoing' | 'Ongoing_WaitingForCustomerInteraction';

/** The answer a handler gives: pure data, carried out by the kit's `answer` action. `F` is the protocol's session facts. */
export interface SeccAnswer<F extends object = object> {
  /** The response's ResponseCode; one starting with FAILED ends the session (`failureAnswered`). */
  readonly code: string;
  /** The response Body, e.g. `{ CurrentDemandRes: {…} }`, wrapped into the protocol's V2G_Message by its envelope. */
  readonly body: object;
  readonly processing?: SeccProcessing;
  /** Which way the chart goes on this answer where a request has several (`PowerDeliveryReq` → `Start`, `Stop`, …). */
  readonly route?: string;
  /** The session facts the answer leaves. */
  readonly update?: Partial<F>;
  /** The SessionID SessionSetupRes gives: every later request must carry it [V2G2-756]. */
  readonly sessionId?: Uint8Array;
  /** What the power stage is asked for, in order, once the response is sent. */
  readonly commands?: readonly PowerCommand[];
  /** A verdict the SECC needs from outside (secc-pending.ts): asked once per kind. */
  readonly ask?: SeccQuestion;
  /** Ask `ask` again although its kind was answered before: a new question (-20's schedule renegotiation). */
  readonly askAgain?: boolean;
}

/** A classified request: its body element, the header's SessionID, the power module's status and the time it came with. */
export interface SeccRequestEvent {
  readonly type: SeccRequestType;
  readonly request: object;
  readonly sessionId: Uint8Array;
  readonly evse: EvseStatus;
  readonly time: number;
  readonly answer: SeccAnswer;
}

/** Every FAILED ResponseCode ends the session (ISO 15118-2 §8.8.2; DIN SPEC 70121 and ISO 15118-20 alike). */
export function isFailedCode(code: string): boolean {
  return code.startsWith('FAILED');
}

/** The answer whose body is response `name` with `element`, its code the element's ResponseCode. */
export function answerWith<F extends object>(name: string, element: { readonly ResponseCode: string }, more: Omit<SeccAnswer<F>, 'code' | 'body'>): SeccAnswer<F> {
  return { body: { [name]: element }, code: element.ResponseCode, ...more };
}
