/** SessionSetupReq: a new session, its SessionID and the EVSEID. */
import { respond } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handleSessionSetup: DinHandler<'SessionSetupReq'> = (_, c) =>
  respond('SessionSetupRes', { ResponseCode: 'OK_NewSessionEstablished', EVSEID: c.evseId }, { sessionId: c.input.newSessionId });
