/**
 * What every -20 handler shares: its signature, the message context its response is built in, and the answer made of
 * a response document (its element's ResponseCode is the answer's code).
 */
import type { responseCodeType } from '../../../codecs/exi/generated/iso20-types.types.js';
import type { V2gDocument } from '../../../codecs/exi/v2g-document.js';
import type { SeccAnswer } from '../../session/secc/secc-answer.js';
import type { MessageContext } from '../iso20-header.js';
import { minimalResponse } from './iso20-envelope.js';
import type { Iso20AnswerContext, Iso20SeccFacts } from './iso20-secc-context.js';

export type Iso20Answer = SeccAnswer<Iso20SeccFacts>;

/** What a handler is called with beside the session's facts: the request's SessionID and the time it came. */
export interface Received {
  readonly sessionId: Uint8Array;
  /** ms on the session's clock: the response's TimeStamp and where schedules are anchored. */
  readonly nowMs: number;
}

export type Iso20Handler<R> = (ctx: Iso20AnswerContext, req: R, received: Received) => Iso20Answer;

/** The context a response is built in: the session's ID once given, the request's time. */
export function replyContext(ctx: Iso20AnswerContext, received: Received): MessageContext {
  return { sessionId: ctx.sessionId ?? ctx.input.newSessionId, nowMs: received.nowMs };
}

/** The answer whose body is `document`, its code the document's ResponseCode. */
export function answered(document: V2gDocument, more: Omit<Iso20Answer, 'code' | 'body'> = {}): Iso20Answer {
  const element = Object.values(document.document)[0] as { readonly ResponseCode: string };
  return { body: document, code: element.ResponseCode, ...more };
}

/** The minimal response to `name` with `code` (a FAILED one ends the session). */
export function refusedWith(ctx: Iso20AnswerContext, received: Received, name: string, request: object, code: responseCodeType): Iso20Answer {
  return answered(minimalResponse(replyContext(ctx, received), name, request, code, ctx.input.evseId));
}
