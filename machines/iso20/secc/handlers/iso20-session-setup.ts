/** SessionSetupReq: a new session, or a paused one joined again by its old SessionID (OK_OldSessionJoined). */
import type { SessionSetupReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { sameSessionId } from '../../iso20-header.js';
import { sessionSetupRes } from '../../iso20-setup-messages.js';
import { answered, type Iso20Handler } from '../iso20-secc-answer.js';
import { initialIso20Facts } from '../iso20-secc-context.js';

export const SessionSetup: Iso20Handler<SessionSetupReqType> = (ctx, _req, received) => {
  // The runner keeps the SessionIDs of the sessions paused at this station; an unknown one gets a new session.
  const paused = ctx.input.pausedSessionIds?.find((id) => sameSessionId(received.sessionId, id));
  const sessionId = paused ?? ctx.input.newSessionId;
  const document = sessionSetupRes(
    { sessionId, nowMs: received.nowMs },
    { responseCode: paused ? 'OK_OldSessionJoined' : 'OK_NewSessionEstablished', evseId: ctx.input.evseId },
  );
  return answered(document, { sessionId, update: initialIso20Facts() });
};
