/**
 * The supportedAppProtocol negotiation as pure functions: what the EVCC offers, what the SECC chooses, and how the
 * EVCC checks the answer. The handshake actor sends and receives; these decide.
 */
import type { AppProtocolType, supportedAppProtocolReqType, supportedAppProtocolResType } from '../../codecs/exi/generated/apphand.types.js';
import { allowedOn } from './protocols.js';
import { PROTOCOL_VERSIONS, type V2gProtocol } from '../../codecs/exi/v2g-protocols.js';
import type { ConnectionSecurity } from '../../base/connection-events.js';

/**
 * The EVCC's request: its protocols in order of preference, Priority 1 = most preferred [V2G20-167], SchemaIDs
 * numbered from 1; protocols the connection does not allow are left out.
 */
export function offerAppProtocols(preferred: readonly V2gProtocol[], security: ConnectionSecurity): supportedAppProtocolReqType {
  const usable = preferred.filter((p) => allowedOn(p, security));
  return {
    AppProtocol: usable.map((p, i) => ({
      ProtocolNamespace: PROTOCOL_VERSIONS[p].namespace,
      VersionNumberMajor: PROTOCOL_VERSIONS[p].major,
      VersionNumberMinor: PROTOCOL_VERSIONS[p].minor,
      SchemaID: i + 1,
      Priority: i + 1,
    })),
  };
}

export interface Negotiated {
  readonly response: supportedAppProtocolResType;
  /** The protocol the session continues with; absent with Failed_NoNegotiation (the SECC then closes TCP [V2G2-172]). */
  readonly protocol?: V2gProtocol;
}

/**
 * The SECC's choice: among the offered entries whose namespace and major version it supports on this connection,
 * the one with the best (lowest) Priority. A different minor version is accepted with a deviation code.
 */
export function chooseAppProtocol(req: supportedAppProtocolReqType, supported: readonly V2gProtocol[], security: ConnectionSecurity): Negotiated {
  let best: { entry: AppProtocolType; protocol: V2gProtocol } | undefined;
  for (const entry of req.AppProtocol) {
    const protocol = supported.find((p) => PROTOCOL_VERSIONS[p].namespace === entry.ProtocolNamespace && PROTOCOL_VERSIONS[p].major === entry.VersionNumberMajor);
    if (!protocol || !allowedOn(protocol, security)) continue;
    if (!best || entry.Priority < best.entry.Priority) best = { entry, protocol };
  }
  if (!best) return { response: { ResponseCode: 'Failed_NoNegotiation' } };
  const exact = best.entry.VersionNumberMinor === PROTOCOL_VERSIONS[best.protocol].minor;
  return {
    response: { ResponseCode: exact ? 'OK_SuccessfulNegotiation' : 'OK_SuccessfulNegotiationWithMinorDeviation', SchemaID: best.entry.SchemaID },
    protocol: best.protocol,
  };
}

export type AcceptedResponse = { readonly ok: true; readonly protocol: V2gProtocol } | { readonly ok: false; readonly reason: string };

/** The EVCC's check of the answer: a positive code with a SchemaID it offered, else the session stops. */
export function acceptAppProtocol(req: supportedAppProtocolReqType, res: supportedAppProtocolResType): AcceptedResponse {
  if (res.ResponseCode === 'Failed_NoNegotiation') return { ok: false, reason: 'SECC answered Failed_NoNegotiation' };
  if (res.SchemaID === undefined) return { ok: false, reason: `${res.ResponseCode} without a SchemaID` };
  const entry = req.AppProtocol.find((e) => e.SchemaID === res.SchemaID);
  if (!entry) return { ok: false, reason: `SchemaID ${res.SchemaID} was not offered` };
  const protocol = (Object.keys(PROTOCOL_VERSIONS) as V2gProtocol[]).find((p) => PROTOCOL_VERSIONS[p].namespace === entry.ProtocolNamespace);
  if (!protocol) return { ok: false, reason: `namespace ${entry.ProtocolNamespace} is not one this stack runs` };
  return { ok: true, protocol };
}
