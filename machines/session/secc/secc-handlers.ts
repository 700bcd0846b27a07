/**
 * One pure handler per request, one file per message (`machines/<protocol>/secc/handlers/`), and the small table of a
 * protocol's adapter that dispatches to them: the request's body element name picks the handler of its own type, so a
 * handler is tested alone from its request and the session's facts.
 */
import type { SeccAnswer, SeccRequestHeader } from './secc-answer.js';

/** What a handler answers `request` with, from the session's `facts` and the request's `header`. */
export type SeccHandler<Q, C, F extends object> = (request: Q, facts: C, header: SeccRequestHeader) => SeccAnswer<F>;

/** A protocol's handlers by request name, each typed by its request element of the schema's `Body`. */
export type SeccHandlers<Body, Name extends keyof Body, C, F extends object> = {
  readonly [K in Name]: SeccHandler<NonNullable<Body[K]>, C, F>;
};

/** The answer of the handler for request `type`; undefined when the table has none (FAILED_SequenceError wherever it comes). */
export function answerFrom<C, F extends object>(
  handlers: object,
  type: string,
  request: object,
  facts: C,
  header: SeccRequestHeader,
): SeccAnswer<F> | undefined {
  if (!Object.prototype.hasOwnProperty.call(handlers, type)) return undefined;
  // One handler per name: the name read from the Body picks the handler of its own type.
  const handle = (handlers as Readonly<Record<string, SeccHandler<object, C, F>>>)[type]!;
  return handle(request, facts, header);
}
