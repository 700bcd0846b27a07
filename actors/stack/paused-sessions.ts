/**
 * What a station remembers across connections: the SessionIDs of the sessions paused at it (ISO 15118-2
 * SessionStopReq with ChargingSession Pause). A new connection whose SessionSetupReq carries one of them joins that
 * session (OK_OldSessionJoined); any other ID opens a new one. It is the only state the sessions of a station share,
 * so it sits behind this interface: in one process a list, in a cluster the primary's list asked over IPC.
 *
 * Sessions are remembered per connector: a paused session keeps the EV's data link (its SLAC match) and its place at
 * the charger, so it resumes at the connector where it paused and nowhere else. A connector is named by the station
 * serving it (`SeccServersOptions.connector`): a charger with one PLC interface per connector runs a station per
 * connector, and stations that share one memory (in one process, or behind one cluster primary) keep their paused
 * sessions apart by it.
 */
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { sameSessionId } from '../../machines/session/session-id.js';

/** Where a session ran: the station's connector, and the peer (the EV's address) it served. */
export interface SessionSite {
  readonly connector: string;
  readonly peer: string;
}

/** The connector of a station that names none: a station with one connector. */
export const DEFAULT_CONNECTOR = '1';

export interface PausedSessions {
  /** The SessionIDs a session starting now at `connector` may join. */
  joinable(connector: string): Promise<readonly Uint8Array[]>;
  /** How a session ended: a paused one becomes joinable at its connector; one that ended otherwise can no longer be joined. */
  ended(outcome: SessionOutcome, site: SessionSite): void;
}

/**
 * Paused sessions a station keeps: an EV that never comes back must not grow the list for ever, so past this many the
 * longest paused is forgotten (its EV then gets a new session, as any unknown SessionID does).
 */
export const MAX_PAUSED_SESSIONS = 64;

/**
 * Paused sessions kept per peer address. An EV pauses one session and resumes it; a few leave room for an EV whose
 * address another shares (behind one modem) while keeping one peer that pauses session after session from pushing
 * every other EV's paused session out of the list: past this many its own longest paused is forgotten.
 */
export const MAX_PAUSED_SESSIONS_PER_PEER = 4;

interface Paused extends SessionSite {
  readonly sessionId: Uint8Array;
}

/** The station's memory in the station's own process: the default, and the source of truth of a cluster. */
export class LocalPausedSessions implements PausedSessions {
  private paused: Paused[] = [];

  joinable(connector: string): Promise<readonly Uint8Array[]> {
    return Promise.resolve(this.paused.filter((p) => p.connector === connector).map((p) => p.sessionId));
  }

  ended(outcome: SessionOutcome, site: SessionSite): void {
    const { sessionId } = outcome;
    if (sessionId === undefined) return;
    // A session that ended (paused again, or otherwise) is no longer the one that was paused under its ID; only a
    // paused one may be joined again, and one that ended otherwise is over: its ID must open a new session.
    this.paused = this.paused.filter((p) => !sameSessionId(p.sessionId, sessionId));
    if (outcome.result !== 'paused') return;
    const own = this.paused.filter((p) => p.peer === site.peer);
    const forgotten = own.length >= MAX_PAUSED_SESSIONS_PER_PEER ? own[0] : undefined;
    this.paused = [...this.paused.filter((p) => p !== forgotten), { sessionId, connector: site.connector, peer: site.peer }].slice(-MAX_PAUSED_SESSIONS);
  }
}
