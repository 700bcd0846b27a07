/**
 * SECC Discovery Protocol messages (ISO 15118-2 §7.10, byte-identical in DIN SPEC 70121 and ISO 15118-20), each one
 * V2GTP message in one UDP datagram: the request with payload type 0x9000 and 2 bytes, the response with 0x9001 and
 * 20 bytes. Wireless SDP (-20: 0x9002/0x9003) has the same layouts.
 */
import { decodeV2gtpFrame, encodeV2gtpFrame, PayloadType, V2gtpError } from '../v2gtp/index.js';
import { SdpError } from './sdp-errors.js';
import { isSecurity, isTransportProtocol, type Security, type TransportProtocol } from './sdp-fields.js';

export interface SdpRequest {
  readonly kind: 'SDPRequest';
  readonly wireless: boolean;
  readonly Security: Security;
  readonly TransportProtocol: TransportProtocol;
}

export interface SdpResponse {
  readonly kind: 'SDPResponse';
  readonly wireless: boolean;
  /** The SECC's IPv6 address in network byte order (16 bytes). */
  readonly SECCIPAddress: Uint8Array;
  readonly SECCPort: number;
  readonly Security: Security;
  readonly TransportProtocol: TransportProtocol;
}

export type SdpMessage = SdpRequest | SdpResponse;

const REQUEST_LENGTH = 2;
const RESPONSE_LENGTH = 20;
const HEADER = 8;

export function encodeSdpMessage(m: SdpMessage): Uint8Array {
  if (m.kind === 'SDPRequest') {
    const type = m.wireless ? PayloadType.SDPRequestWirelessPayloadID : PayloadType.SDPRequestPayloadID;
    return encodeV2gtpFrame(type, Uint8Array.of(m.Security, m.TransportProtocol));
  }
  if (m.SECCIPAddress.length !== 16) throw new SdpError('SDP response', 'SECCIPAddress', HEADER, `${m.SECCIPAddress.length} bytes, an IPv6 address has 16`);
  if (!Number.isInteger(m.SECCPort) || m.SECCPort < 0 || m.SECCPort > 0xffff) throw new SdpError('SDP response', 'SECCPort', HEADER + 16, `${m.SECCPort} is not a port`);
  const payload = new Uint8Array(RESPONSE_LENGTH);
  payload.set(m.SECCIPAddress, 0);
  payload[16] = m.SECCPort >> 8;
  payload[17] = m.SECCPort & 0xff;
  payload[18] = m.Security;
  payload[19] = m.TransportProtocol;
  const type = m.wireless ? PayloadType.SDPResponseWirelessPayloadID : PayloadType.SDPResponsePayloadID;
  return encodeV2gtpFrame(type, payload);
}

const SDP_TYPES = [
  PayloadType.SDPRequestPayloadID,
  PayloadType.SDPResponsePayloadID,
  PayloadType.SDPRequestWirelessPayloadID,
  PayloadType.SDPResponseWirelessPayloadID,
];

/** Decodes one datagram; anything malformed is an SdpError naming the field and byte. */
export function decodeSdpMessage(datagram: Uint8Array): SdpMessage {
  let frame;
  try {
    frame = decodeV2gtpFrame(datagram, { allowedPayloadTypes: SDP_TYPES, maxPayloadLength: RESPONSE_LENGTH });
  } catch (e) {
    if (e instanceof V2gtpError) throw new SdpError('SDP datagram', `V2GTP ${e.field}`, e.offset, e.reason);
    throw e;
  }
  const p = frame.payload;
  const request = frame.payloadType === PayloadType.SDPRequestPayloadID || frame.payloadType === PayloadType.SDPRequestWirelessPayloadID;
  const wireless = frame.payloadType === PayloadType.SDPRequestWirelessPayloadID || frame.payloadType === PayloadType.SDPResponseWirelessPayloadID;
  const what = request ? 'SDP request' : 'SDP response';
  const expected = request ? REQUEST_LENGTH : RESPONSE_LENGTH;
  if (p.length !== expected) throw new SdpError(what, 'payload length', 4, `${p.length} bytes, the ${what} has ${expected}`);
  const at = request ? 0 : 18;
  const security = p[at];
  const transport = p[at + 1];
  if (!isSecurity(security)) throw new SdpError(what, 'Security', HEADER + at, `0x${security.toString(16)} is neither 0x00 (TLS) nor 0x10 (no TLS)`);
  if (!isTransportProtocol(transport)) throw new SdpError(what, 'TransportProtocol', HEADER + at + 1, `0x${transport.toString(16)} is neither 0x00 (TCP) nor 0x10 (UDP)`);
  if (request) return { kind: 'SDPRequest', wireless, Security: security, TransportProtocol: transport };
  return {
    kind: 'SDPResponse',
    wireless,
    SECCIPAddress: p.slice(0, 16),
    SECCPort: (p[16] << 8) | p[17],
    Security: security,
    TransportProtocol: transport,
  };
}
