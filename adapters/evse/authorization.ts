/**
 * The EVSE side's boundary to whoever authorizes a charge: EIM now (the customer identified by RFID, app or button, at
 * the station or through its backend), Contract with Plug & Charge later. Asynchronous: the SECC asks once the EV has
 * chosen its payment (machines/session/secc/secc-pending.ts) and goes on answering Ongoing until the verdict comes;
 * the runner cancels the question (`signal`) when the session ends first. The EVSE's own identification that needs no
 * backend is `EvseStatus.authorized`, handed over with each request like the power module's status.
 */
import type { AuthorizationQuestion, AuthorizationReply } from '../../machines/session/secc/secc-pending.js';

export interface EvseAuthorization {
  /** The verdict on `question`, whenever it is known; a rejection is no verdict (the session ends, the reason logged). */
  authorize(question: AuthorizationQuestion, signal: AbortSignal): Promise<AuthorizationReply['verdict']>;
}
