/**
 * What the SECC's SDP server answers (ISO 15118-2 §7.10.1): a pure function from the request and the SECC's offer to
 * the response, or to a reason for not answering. The server answers every request it can ([V2G20-144]: several EVs
 * may share one SECC), unicast to the requester (the actor's part, [V2G20-150] [V2G20-151]).
 */
import { ipv6ToBytes } from '../../codecs/net/address.js';
import { TransportProtocol, type SdpRequest, type SdpResponse } from '../../codecs/sdp/index.js';
import { securityByte, securityOf, type SdpSecurity } from './security.js';

/**
 * Which security the V2G server offers, after EVerest's `tls_security` setting: `prohibit` plain TCP only (what a
 * DIN SPEC 70121 SECC must use, [V2G-DC-618]), `allow` TLS when the EV asks for it, `force` TLS only (ISO 15118-20
 * needs TLS, [V2G20-1237]).
 */
export type SeccTlsPolicy = 'prohibit' | 'allow' | 'force';

export interface SeccSdpOffer {
  /** The V2G server's IPv6 address (a `%scope` suffix is ignored): usually the SECC's link-local fe80:: address. */
  readonly address: string;
  /** The V2G server's TCP port. */
  readonly port: number;
  readonly tls: SeccTlsPolicy;
  /** Where TLS is served when it is not on `port` (a separate TLS server); default `port`. */
  readonly tlsPort?: number;
}

export type SdpAnswer = { readonly respond: SdpResponse } | { readonly ignore: string };

/** Checks an offer once, when the server starts, so a bad configuration fails there and not per request. */
export function checkSdpOffer(offer: SeccSdpOffer): void {
  ipv6ToBytes(offer.address);
  for (const [name, port] of [['port', offer.port], ['tlsPort', offer.tlsPort ?? offer.port]] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 0xffff) {
      throw new RangeError(`SECC ${name} ${port} is not a TCP port`);
    }
  }
}

/**
 * The response offers the requested security where the policy allows it and the other one where it does not: the
 * Security byte says what the given port serves ([V2G20-624]), and the EVCC decides whether it can use that (EVerest
 * answers the same way; Josev always offers what it has). Requests for UDP get no answer: UDP is reserved, V2G
 * messages run on TCP, and EVerest stays silent too. Wireless SDP (0x9002) is not served: its -20 payload carries
 * pairing fields this SECC has no use for, and Josev does not answer it either.
 */
export function answerSdpRequest(request: SdpRequest, offer: SeccSdpOffer): SdpAnswer {
  if (request.wireless) return { ignore: 'wireless SDP request (0x9002): not served by this SECC' };
  if (request.TransportProtocol !== TransportProtocol.TCP) {
    return { ignore: 'SDP request for UDP: V2G messages run on TCP only' };
  }
  const security = chooseSecurity(securityOf(request.Security), offer.tls);
  return {
    respond: {
      kind: 'SDPResponse',
      wireless: false,
      SECCIPAddress: ipv6ToBytes(offer.address),
      SECCPort: security === 'tls' ? (offer.tlsPort ?? offer.port) : offer.port,
      Security: securityByte(security),
      TransportProtocol: TransportProtocol.TCP,
    },
  };
}

function chooseSecurity(requested: SdpSecurity, policy: SeccTlsPolicy): SdpSecurity {
  if (policy === 'prohibit') return 'tcp';
  if (policy === 'force') return 'tls';
  return requested;
}
