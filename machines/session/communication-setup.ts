/**
 * V2G_SECC_CommunicationSetup_Performance_Time as the SECC session machines keep it: the SECC's communication setup
 * must not take longer, up to the SessionSetupReq that opens the session [V2G2-723] (EVerest, which cites it, gives
 * up on the data link after 18 s without an established session). It runs from the connection's start: the
 * supportedAppProtocol handshake bounds its request by it, and the session machine, started with what is left of it,
 * bounds SessionSetupReq, so an EVCC that negotiates and then stays silent is closed as surely as one that never
 * speaks, long before the 60 s of V2G_SECC_Sequence_Timeout.
 */
import type { SeccSessionInput } from './session-input.js';

/** What is left of V2G_SECC_CommunicationSetup_Performance_Time when the session starts, ms. */
export function communicationSetupLeft(input: SeccSessionInput): number {
  return input.communicationSetupLeft ?? input.timing.session.V2G_SECC_CommunicationSetup_Performance_Time;
}

/**
 * The state waiting for SessionSetupReq, bounded by the delay `V2G_SECC_CommunicationSetup_Performance_Time` (which
 * the machine defines with `communicationSetupLeft`) besides its own timers; `timedOut` is the transition that ends
 * the session.
 */
export function communicationSetupTimed<const S extends { readonly after?: object }, const T extends object>(state: S, timedOut: T) {
  return { ...state, after: { ...state.after, V2G_SECC_CommunicationSetup_Performance_Time: timedOut } } as const;
}
