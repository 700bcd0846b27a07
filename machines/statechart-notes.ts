/**
 * What each exported machine's chart says beside its states (inspector/statecharts/notes.ts): the standard's value of
 * each named delay, and the requirement IDs its states and transitions implement, so a reviewer checks a transition
 * against the clause it claims. Kept apart from the machines: adding a requirement changes no machine. A note that
 * no longer names a state or transition fails the export (`npm run statecharts`) and its test.
 */
import type { ChartNotes } from '../inspector/statecharts/notes.js';
import { PEER_CLOSE_TIMEOUT_MS } from './channel/v2g-channel.js';
import { STANDARD_SDP_TIMING } from './sdp/timing.js';
import { STANDARD_SLAC_TIMING, type SlacTimers } from './slac/slac-timers.js';
import { ISO20_TIMING, STANDARD_TIMING, type TimedProtocol } from './timing/v2g-timers.js';

/** `60 s`, `250 ms`, `1.2 s`. */
export function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${ms / 1_000} s`;
}

/** V2G_EVCC_Msg_Timeout, which depends on the message: the default, then each pair that differs. */
function perMessage(timeouts: { readonly default: number }): string {
  const others = Object.entries(timeouts as Readonly<Record<string, number>>).filter(([pair, ms]) => pair !== 'default' && ms !== timeouts.default);
  const byValue = new Map<number, string[]>();
  for (const [pair, ms] of others) byValue.set(ms, [...(byValue.get(ms) ?? []), pair]);
  return [duration(timeouts.default), ...[...byValue].map(([ms, pairs]) => `${pairs.join(', ')} ${duration(ms)}`)].join('; ');
}

function sessionDelays(protocol: TimedProtocol): Record<string, string> {
  const timing = STANDARD_TIMING[protocol];
  const { V2G_SECC_Sequence_Timeout, V2G_EVCC_Ongoing_Timeout, V2G_EVCC_CableCheck_Timeout, V2G_EVCC_PreCharge_Timeout } = timing.session;
  return {
    V2G_SECC_Sequence_Timeout: duration(V2G_SECC_Sequence_Timeout),
    V2G_EVCC_Msg_Timeout: perMessage(timing.V2G_EVCC_Msg_Timeout),
    V2G_EVCC_Ongoing_Timeout: duration(V2G_EVCC_Ongoing_Timeout),
    V2G_EVCC_CableCheck_Timeout: duration(V2G_EVCC_CableCheck_Timeout),
    V2G_EVCC_PreCharge_Timeout: duration(V2G_EVCC_PreCharge_Timeout),
  };
}

/** The delays of `names` that `all` gives a value for. */
function only(all: Readonly<Record<string, string>>, ...names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (all[name] === undefined ? [] : [[name, all[name]]])));
}

const SLAC_DELAYS: Record<string, string> = Object.fromEntries(
  (Object.keys(STANDARD_SLAC_TIMING) as Array<keyof SlacTimers>).filter((k) => k.startsWith('T')).map((k) => [k, duration(STANDARD_SLAC_TIMING[k])]),
);

const EVCC_DELAYS = ['V2G_EVCC_Msg_Timeout', 'V2G_EVCC_Ongoing_Timeout', 'V2G_EVCC_CableCheck_Timeout', 'V2G_EVCC_PreCharge_Timeout'] as const;

/** The rules of the SECC kit (session/secc/), on the root and first state of each SECC chart built from it. */
function seccKitNotes(machine: string): Record<string, readonly string[]> {
  return {
    [`${machine}: secc.unknownSession`]: ['V2G2-460', 'V2G2-736'],
    // A request no state takes: FAILED_SequenceError in its own response type.
    [`${machine}: *`]: ['V2G2-538', 'V2G2-539', 'V2G2-736'],
    // Any FAILED answer ends the session.
    [`${machine}: always [failureAnswered]`]: ['V2G2-538', 'V2G2-736'],
    // The SessionID given here (new, non-zero) is the one every later request must carry.
    [`${machine}.WaitForSessionSetup: SessionSetupReq`]: ['V2G2-756'],
  };
}

/** The timer table (timing/timers.ts) cites the SECC's timers; an EV's machine reads only its own from it. */
const SECC_TIMERS_OF_THE_TABLE = {
  'V2G2-443': "V2G_SECC_Sequence_Timeout, the SECC's timer in the shared timer table; the EV's machine only reads its own timers from the table",
  'V2G2-723': "V2G_SECC_CommunicationSetup_Performance_Time, the SECC's timer in the shared timer table; the EV's machine only reads its own timers from the table",
} as const;

/** The SECC kit names the setup timer only to say whose it is: the connection's chart (secc-connection) runs it. */
const SETUP_TIMER_IS_THE_CONNECTIONS = {
  'V2G2-723': 'V2G_SECC_CommunicationSetup_Performance_Time, cited in session/secc/secc-session-kit.ts to say the connection\'s machine (secc-connection) bounds the wait for SessionSetupReq, so the session keeps no copy',
} as const;

/** session/out-of-range.ts cites V2G2-538 for the SECC's FAILED answer; the EV ends a session on an out-of-range response by its own choice. */
const OUT_OF_RANGE_IS_THE_SECCS = {
  'V2G2-538': "cited in session/out-of-range.ts for the SECC's FAILED answer to a request out of range; the EV's refusal of a response out of range is the project's choice, no requirement's",
} as const;

/** apphand/protocols.ts: which protocol runs on which connection. */
const PROTOCOL_ON_CONNECTION = ['V2G-DC-618', 'V2G20-1237', 'V2G20-2356'] as const;

export const STATECHART_NOTES: Readonly<Record<string, ChartNotes>> = {
  evcc: {
    delays: { V2G_EVCC_CommunicationSetup_Timeout: duration(STANDARD_TIMING.iso2.session.V2G_EVCC_CommunicationSetup_Timeout) },
  },
  'secc-connection': {
    delays: { V2G_SECC_CommunicationSetup_Performance_Time: duration(STANDARD_TIMING.iso2.session.V2G_SECC_CommunicationSetup_Performance_Time) },
    transitions: {
      'secc-connection.communicating.communicationSetup.running: after V2G_SECC_CommunicationSetup_Performance_Time': ['V2G2-723'],
      // Failed_NoNegotiation was answered and the connection closed by the handshake.
      'secc-connection.communicating.layers.handshake: done: apphand [handshakeFailed]': ['V2G2-172'],
    },
  },
  'evcc-sdp': {
    delays: { SDP_Response_Timeout: duration(STANDARD_SDP_TIMING.SDP_Response_Timeout) },
    // Each request is sent on entering `discovering`, which every resend enters again.
    states: { 'evcc-sdp.discovering': ['V2G20-157', 'V2G20-160'], 'evcc-sdp.failed': ['V2G20-162'] },
    transitions: {
      'evcc-sdp.discovering: after SDP_Response_Timeout [mayResend]': ['V2G2-159', 'V2G20-159', 'V2G20-160'],
      'evcc-sdp.discovering: after SDP_Response_Timeout': ['V2G2-159', 'V2G2-161', 'V2G20-159', 'V2G20-161', 'V2G20-162'],
      'evcc-sdp.discovering: sdp.response [usable]': ['V2G20-158'],
      // A response offering another security than asked for is not usable: waited out like none.
      'evcc-sdp.discovering: sdp.response': ['V2G20-158', 'V2G20-624'],
    },
  },
  'v2g-channel': {
    delays: { peerCloseTimeout: duration(PEER_CLOSE_TIMEOUT_MS) },
    // How long the SECC leaves the EV to close first after the final response.
    transitions: { 'v2g-channel.awaitingPeerClose: after peerCloseTimeout': ['V2G20-1643'] },
  },
  'evcc-apphand': {
    // The handshake's pair has no timeout of its own: the default.
    delays: { V2G_EVCC_Msg_Timeout: duration(STANDARD_TIMING.iso2.V2G_EVCC_Msg_Timeout.default) },
    // The request, sent on entry, lists the protocols by Priority.
    states: { 'evcc-apphand.waitingForSupportedAppProtocolRes': ['V2G20-167'] },
    transitions: {
      // Nothing to offer: no preferred protocol runs on this connection's security.
      'evcc-apphand.offering: always [nothingToOffer]': [...PROTOCOL_ON_CONNECTION],
      // Failed_NoNegotiation, or a protocol that was not offered or does not run on this connection.
      'evcc-apphand.checkingSupportedAppProtocolRes: always': ['V2G2-172', ...PROTOCOL_ON_CONNECTION],
    },
    offChart: SECC_TIMERS_OF_THE_TABLE,
  },
  'secc-apphand': {
    delays: only(sessionDelays('iso2'), 'V2G_SECC_Sequence_Timeout'),
    // Failed_NoNegotiation answered, then the connection closed.
    states: { 'secc-apphand.failed': ['V2G2-172'] },
    transitions: {
      // The answer: the EV's most preferred protocol (by Priority) of those this SECC runs on this connection.
      'secc-apphand.waitingForSupportedAppProtocolReq: channel.received': ['V2G20-167', ...PROTOCOL_ON_CONNECTION],
      'secc-apphand.waitingForSupportedAppProtocolReq: after V2G_SECC_CommunicationSetup_Performance_Time': ['V2G2-723'],
      'secc-apphand.answering: always': ['V2G2-172'],
    },
  },
  'din-evcc': {
    delays: only(sessionDelays('din'), ...EVCC_DELAYS),
    // SessionSetupReq asks for a new session with 8 zero bytes; the response's SessionID is kept for every later request.
    states: { 'din-evcc.SessionSetup': ['V2G2-756'] },
    transitions: {
      'din-evcc.SessionSetup: SessionSetupRes': ['V2G2-756'],
      'din-evcc: channel.received [unacceptableResponse]': ['V2G2-756'],
      // A charger that cannot give what the vehicle needs within its limits is left.
      'din-evcc.ChargeParameterDiscovery.Request: ChargeParameterDiscoveryRes [evseCannotCharge]': ['V2G2-224'],
      'din-evcc.CurrentDemand.Request: CurrentDemandRes [evseCannotCharge]': ['V2G2-224'],
      // Once PowerDelivery started, a stop the EVSE asks for goes through PowerDelivery stop and WeldingDetection.
      'din-evcc.CurrentDemand.Request: CurrentDemandRes [evseAsksStop]': ['V2G-DC-459'],
    },
    offChart: { ...SECC_TIMERS_OF_THE_TABLE, ...OUT_OF_RANGE_IS_THE_SECCS },
  },
  'din-secc': {
    delays: only(sessionDelays('din'), 'V2G_SECC_Sequence_Timeout'),
    // DIN SPEC 70121's equivalents of the ISO 15118-2 requirements, as the code cites them.
    transitions: {
      '*: after V2G_SECC_Sequence_Timeout': ['V2G2-443'],
      '*: after V2G_SECC_Sequence_Timeout [deadlineAhead]': ['V2G2-443'],
      ...seccKitNotes('din-secc'),
      // Charge parameters agreed: the cable check comes next.
      'din-secc.WaitForChargeParameterDiscovery: ChargeParameterDiscoveryReq': ['V2G-DC-453'],
      // EIM: Ongoing until the EVSE saw the identification, then Finished.
      'din-secc.WaitForContractAuthentication: ContractAuthenticationReq': ['V2G-DC-497'],
      'din-secc.WaitForContractAuthentication: ContractAuthenticationReq [finished]': ['V2G-DC-497'],
    },
    offChart: {
      ...SETUP_TIMER_IS_THE_CONNECTIONS,
      'V2G2-224': "cited in session/evse-limits.ts for the EV's targets within the schedule's PMax; the SECC takes only the clamping of the EV's targets to its power module's limits from that module",
    },
  },
  'iso2-evcc': {
    delays: only(sessionDelays('iso2'), ...EVCC_DELAYS),
    // CP state C with PowerDeliveryReq(Start), back to B after PowerDeliveryRes(Stop), each within 250 ms.
    states: { 'iso2-evcc.PowerDeliveryStart': ['V2G2-847'] },
    transitions: {
      'iso2-evcc.PowerDeliveryStop: PowerDeliveryRes [dc]': ['V2G2-848'],
      'iso2-evcc.PowerDeliveryStop: PowerDeliveryRes': ['V2G2-848'],
      // The SessionID SessionSetupRes gives is non-zero (a zero one is an unacceptable response) and kept.
      'iso2-evcc.SessionSetup: SessionSetupRes': ['V2G2-756'],
      'iso2-evcc: channel.received [unacceptableResponse]': ['V2G2-756'],
      // The EV asks for no more than the selected SAScheduleTuple's PMax: a charger that cannot give what the vehicle
      // needs within it is left.
      'iso2-evcc.ChargeParameterDiscovery.Request: ChargeParameterDiscoveryRes [and(evseProcessingFinished, evseCannotCharge)]': ['V2G2-224'],
      '*: always [evseCannotCharge]': ['V2G2-224'],
    },
    offChart: { ...SECC_TIMERS_OF_THE_TABLE, ...OUT_OF_RANGE_IS_THE_SECCS },
  },
  'iso20-evcc': {
    delays: {
      V2G_EVCC_Msg_Timeout: perMessage(ISO20_TIMING.V2G_EVCC_Msg_Timeout),
      V2G_EVCC_Ongoing_Timeout: duration(ISO20_TIMING.session.V2G_EVCC_Ongoing_Timeout),
      V2G_EVCC_CableCheck_Timeout: duration(ISO20_TIMING.session.V2G_EVCC_CableCheck_Timeout),
      V2G_EVCC_PreCharge_Timeout: duration(ISO20_TIMING.session.V2G_EVCC_PreCharge_Timeout),
    },
    transitions: {
      // The kit's check, as in ISO 15118-2: a non-zero SessionID kept from SessionSetupRes on; after a FAILED code
      // the EV sends nothing more and closes.
      'iso20-evcc.SessionSetup: SessionSetupRes': ['V2G2-756'],
      'iso20-evcc: channel.received [unacceptableResponse]': ['V2G2-756', 'V2G20-1643'],
    },
    offChart: {
      ...SECC_TIMERS_OF_THE_TABLE,
      ...OUT_OF_RANGE_IS_THE_SECCS,
      'V2G2-224': "cited in session/evse-limits.ts for ISO 15118-2's PMax; the -20 EV keeps to the picked ScheduleTuple's band (iso20/evcc/iso20-evcc-setpoint.ts), whose requirement ID is not in the open sources",
      'V2G20-2567': "cited in iso20/iso20-setup-messages.ts for the SECC's AuthorizationSetupRes mode element; the EV only reads the services offered",
      'V2G20-2568': "cited in iso20/iso20-setup-messages.ts for the SECC's AuthorizationSetupRes mode element; the EV only reads the services offered",
    },
  },
  'iso2-secc': {
    delays: only(sessionDelays('iso2'), 'V2G_SECC_Sequence_Timeout'),
    transitions: {
      '*: after V2G_SECC_Sequence_Timeout': ['V2G2-443'],
      '*: after V2G_SECC_Sequence_Timeout [deadlineAhead]': ['V2G2-443'],
      ...seccKitNotes('iso2-secc'),
      'iso2-secc.WaitForPowerDelivery: PowerDeliveryReq': ['V2G-813'],
    },
    offChart: {
      ...SETUP_TIMER_IS_THE_CONNECTIONS,
      'V2G2-224': "cited in iso2/schedule.ts and session/evse-limits.ts for the EV's side of PMax; the SECC takes only the schedule it offers and the clamping of the EV's targets to its power module's limits from those modules",
    },
  },
  'iso20-secc': {
    delays: {
      V2G_SECC_Sequence_Timeout: duration(ISO20_TIMING.session.V2G_SECC_Sequence_Timeout),
      V2G_SECC_Sequence_Timeout_ChargeLoop: duration(ISO20_TIMING.session.V2G_SECC_Sequence_Timeout_ChargeLoop),
    },
    transitions: {
      '*: after V2G_SECC_Sequence_Timeout': ['V2G2-443'],
      '*: after V2G_SECC_Sequence_Timeout [deadlineAhead]': ['V2G2-443'],
      ...seccKitNotes('iso20-secc'),
      'iso20-secc.WaitForAuthorizationSetup: AuthorizationSetupReq': ['V2G20-2567', 'V2G20-2568'],
    },
    offChart: { ...SETUP_TIMER_IS_THE_CONNECTIONS },
  },
  'slac-ev': { delays: SLAC_DELAYS },
  'slac-evse': {
    delays: SLAC_DELAYS,
    transitions: {
      // A repeated CM_SLAC_PARAM.REQ restarts the session with its RunID.
      'slac-evse.session: slac.frame [isSlacParamReq]': ['V2G3-A09-16'],
      // CM_VALIDATE.CNF says "failure": this EVSE takes no part in validation.
      'slac-evse.session.waitingForMatch: slac.frame [isValidateReq]': ['V2G3-A09-51'],
    },
  },
};
