/**
 * What a station remembers across connections: the SessionID of the session last paused (ISO 15118-2 SessionStopReq
 * with ChargingSession Pause). A new connection whose SessionSetupReq carries that ID joins the paused session
 * (OK_OldSessionJoined); any other ID opens a new one. It is the only state the sessions of a station share, so it
 * sits behind this interface: in one process a variable, in a cluster the primary's variable asked over IPC.
 */
import type { SessionOutcome } from '../../machines/session/events.js';
import { sameSessionId } from '../../machines/session/session-id.js';

export interface PausedSessions {
  /** The SessionID a session starting now may join, if any. */
  joinable(): Promise<Uint8Array | undefined>;
  /** How a session ended: a paused one becomes joinable; one that ended otherwise can no longer be joined. */
  ended(outcome: SessionOutcome): void;
}

/** The station's memory in the station's own process: the default, and the source of truth of a cluster. */
export class LocalPausedSessions implements PausedSessions {
  private paused: Uint8Array | undefined;

  joinable(): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.paused);
  }

  ended(outcome: SessionOutcome): void {
    // Only a paused session may be joined again; one that ended otherwise is over, and its ID must open a new one.
    if (outcome.result === 'paused') this.paused = outcome.sessionId;
    else if (this.paused && outcome.sessionId && sameSessionId(outcome.sessionId, this.paused)) this.paused = undefined;
  }
}
