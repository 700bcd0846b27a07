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
import { STANDARD_TIMING, type MessageTimeouts, type TimedProtocol } from './timing/v2g-timers.js';

/** `60 s`, `250 ms`, `1.2 s`. */
export function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${ms / 1_000} s`;
}

/** V2G_EVCC_Msg_Timeout, which depends on the message: the default, then each pair that differs. */
function perMessage(timeouts: MessageTimeouts): string {
  const others = Object.entries(timeouts).filter(([pair, ms]) => pair !== 'default' && ms !== timeouts.default);
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

export const STATECHART_NOTES: Readonly<Record<string, ChartNotes>> = {
  'evcc-sdp': {
    delays: { SDP_Response_Timeout: duration(STANDARD_SDP_TIMING.SDP_Response_Timeout) },
    transitions: {
      'evcc-sdp.discovering: after SDP_Response_Timeout [mayResend]': ['V2G2-159', 'V2G20-160'],
      'evcc-sdp.discovering: after SDP_Response_Timeout': ['V2G2-161', 'V2G20-162'],
      'evcc-sdp.discovering: sdp.response [usable]': ['V2G20-158'],
    },
  },
  connection: { states: { 'connection.failed': ['V2G2-925'] } },
  'v2g-channel': { delays: { peerCloseTimeout: duration(PEER_CLOSE_TIMEOUT_MS) } },
  // The handshake's pair has no timeout of its own: the default.
  'evcc-apphand': { delays: { V2G_EVCC_Msg_Timeout: duration(STANDARD_TIMING.iso2.V2G_EVCC_Msg_Timeout.default) } },
  'secc-apphand': {
    delays: only(sessionDelays('iso2'), 'V2G_SECC_Sequence_Timeout'),
    // Failed_NoNegotiation answered, then the connection closed.
    states: { 'secc-apphand.failed': ['V2G2-172'] },
  },
  'din-evcc': { delays: only(sessionDelays('din'), ...EVCC_DELAYS) },
  'din-secc': {
    delays: only(sessionDelays('din'), 'V2G_SECC_Sequence_Timeout'),
    transitions: { '*: after V2G_SECC_Sequence_Timeout': ['V2G2-443'], 'din-secc: channel.received [carriesRequest]': ['V2G2-538'] },
  },
  'iso2-evcc': {
    delays: only(sessionDelays('iso2'), ...EVCC_DELAYS),
    // CP state C with PowerDeliveryReq(Start), back to B after PowerDeliveryRes(Stop), each within 250 ms.
    states: { 'iso2-evcc.PowerDeliveryStart': ['V2G2-847'] },
    transitions: {
      'iso2-evcc.PowerDeliveryStop: PowerDeliveryRes [dc]': ['V2G2-848'],
      'iso2-evcc.PowerDeliveryStop: PowerDeliveryRes': ['V2G2-848'],
      // The EV asks for no more than the selected SAScheduleTuple's PMax: a charger that cannot give what the vehicle
      // needs within it is left.
      'iso2-evcc.ChargeParameterDiscovery.request: ChargeParameterDiscoveryRes [evseCannotCharge]': ['V2G2-224'],
      '*: always [evseCannotCharge]': ['V2G2-224'],
    },
  },
  'iso2-secc': {
    delays: only(sessionDelays('iso2'), 'V2G_SECC_Sequence_Timeout'),
    transitions: {
      '*: after V2G_SECC_Sequence_Timeout': ['V2G2-443'],
      '*: after V2G_SECC_Sequence_Timeout [deadlineAhead]': ['V2G2-443'],
      'iso2-secc: channel.received [unknownSession]': ['V2G2-460'],
      'iso2-secc: channel.received': ['V2G2-538', 'V2G2-539'],
      'iso2-secc.WaitForPowerDelivery: channel.received [request(PowerDeliveryReq)]': ['V2G-813'],
    },
  },
  'slac-ev': { delays: SLAC_DELAYS },
  'slac-evse': { delays: SLAC_DELAYS },
};
