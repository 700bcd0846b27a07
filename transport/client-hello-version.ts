/**
 * Which TLS version a client asks for, read from its ClientHello before any TLS server has seen it: what lets one
 * port serve ISO 15118-2's TLS 1.2 with its P-256 chain beside ISO 15118-20's TLS 1.3 with its P-521 or Ed448 one.
 * OpenSSL keeps one certificate per key type, so one TLS server cannot hold both EC chains; the SDP response names
 * one TLS port [V2G2-639]; so the connection is handed to the server of the version its ClientHello offers.
 *
 * A TLS 1.3 client lists its versions in the supported_versions extension [RFC 8446 §4.2.1]; a client without it
 * speaks TLS 1.2 or older. Only the first record is read (a ClientHello spans more only with a post-quantum key share,
 * which no V2G client sends); what does not parse goes to the TLS 1.2 server, whose handshake then fails by name.
 */
import type { Socket } from 'node:net';
import type { TlsVersion } from './tls-profiles.js';

const HANDSHAKE = 0x16;
const CLIENT_HELLO = 0x01;
const SUPPORTED_VERSIONS = 43;
const TLS13 = 0x0304;
const RECORD_HEADER = 5;
/** A record holds at most 2^14 bytes of plaintext [RFC 8446 §5.1]: the most a ClientHello's first record is read for. */
const MAX_RECORD = 16_384;

/** The version a complete first record asks for; undefined while more of it is to come. */
export function clientHelloVersion(head: Uint8Array): TlsVersion | undefined {
  if (head.length < RECORD_HEADER) return undefined;
  if (head[0] !== HANDSHAKE) return 'tls1.2';
  const length = (head[3]! << 8) | head[4]!;
  if (length > MAX_RECORD) return 'tls1.2';
  if (head.length < RECORD_HEADER + length) return undefined;
  return offersTls13(head.subarray(RECORD_HEADER, RECORD_HEADER + length)) ? 'tls1.3' : 'tls1.2';
}

/** The handshake message's extensions, walked with every length checked against what is there. */
function offersTls13(body: Uint8Array): boolean {
  if (body[0] !== CLIENT_HELLO) return false;
  // Handshake header (4), legacy_version (2), random (32).
  let at = 4 + 2 + 32;
  const skip = (lengthBytes: 1 | 2): boolean => {
    if (at + lengthBytes > body.length) return false;
    const length = lengthBytes === 1 ? body[at]! : (body[at]! << 8) | body[at + 1]!;
    at += lengthBytes + length;
    return at <= body.length;
  };
  // legacy_session_id, cipher_suites, legacy_compression_methods.
  if (!skip(1) || !skip(2) || !skip(1)) return false;
  if (at + 2 > body.length) return false;
  const end = Math.min(body.length, at + 2 + ((body[at]! << 8) | body[at + 1]!));
  at += 2;
  while (at + 4 <= end) {
    const type = (body[at]! << 8) | body[at + 1]!;
    const length = (body[at + 2]! << 8) | body[at + 3]!;
    if (at + 4 + length > end) return false;
    const data = body.subarray(at + 4, at + 4 + length);
    if (type === SUPPORTED_VERSIONS) {
      const listEnd = 1 + (data[0] ?? 0);
      if (listEnd > data.length) return false;
      for (let i = 1; i + 1 < listEnd; i += 2) if (((data[i]! << 8) | data[i + 1]!) === TLS13) return true;
      return false;
    }
    at += 4 + length;
  }
  return false;
}

/**
 * Reads `socket` until its first record tells the version, then puts the bytes back and calls `route`: the TLS
 * server it is handed to reads them as if nothing had happened (Node's TLSSocket takes a socket's buffered data).
 * A client that has not told it within `timeoutMs` is cut off, as a handshake that does not finish is.
 */
export function routeByClientHello(socket: Socket, timeoutMs: number, route: (version: TlsVersion) => void): void {
  let head = new Uint8Array();
  const silent = (): void => void socket.destroy();
  socket.setTimeout(timeoutMs, silent);
  const read = (chunk: Buffer): void => {
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    const version = clientHelloVersion(head);
    if (version === undefined) return;
    socket.off('data', read);
    socket.setTimeout(0);
    socket.off('timeout', silent);
    socket.pause();
    socket.unshift(Buffer.from(head));
    route(version);
  };
  socket.on('data', read);
}
