import { V2gtpError } from './v2gtp-errors.js';
import { KNOWN_PAYLOAD_TYPES, describePayloadType } from './payload-types.js';

/** Protocol version (1 byte), inverse version (1), payload type (2), payload length (4) [V2G20-082]. */
export const V2GTP_HEADER_LENGTH = 8;
export const V2GTP_PROTOCOL_VERSION = 0x01;
export const V2GTP_INVERSE_PROTOCOL_VERSION = 0xfe;

/**
 * The header allows 4 GiB of payload, but a receiver that trusts that number before reading the payload lets any
 * peer make it reserve that much memory. 64 KiB is four times the largest message in the reference vectors (an
 * ISO 15118-20 CertificateInstallationRes with every optional part at its maximum, 16 403 bytes), so no valid
 * message of DIN SPEC 70121, ISO 15118-2 or -20 comes near it.
 */
export const DEFAULT_MAX_PAYLOAD_LENGTH = 65_536;

export interface V2gtpHeader {
  readonly payloadType: number;
  readonly payloadLength: number;
}

export interface V2gtpParseOptions {
  /** Largest payload length accepted; default {@link DEFAULT_MAX_PAYLOAD_LENGTH}. */
  readonly maxPayloadLength?: number;
  /**
   * The payload types valid here, e.g. those of the negotiated protocol (§7.8.3.2 makes the receiver check the type
   * against what it supports). Default: every type some protocol defines ({@link KNOWN_PAYLOAD_TYPES}).
   */
  readonly allowedPayloadTypes?: readonly number[];
}

export interface V2gtpFrame {
  readonly payloadType: number;
  readonly payload: Uint8Array;
}

const PAYLOAD_TYPE_OFFSET = 2;
const PAYLOAD_LENGTH_OFFSET = 4;
const MAX_PAYLOAD_TYPE = 0xffff;
const MAX_PAYLOAD_LENGTH_FIELD = 0xffff_ffff;

function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

/**
 * Reads the 8-byte header at the start of `bytes` (more bytes may follow). The fields are checked in the order the
 * standard prescribes, so the first fault reported is the one a conforming receiver stops at: version and inverse
 * version first [V2G20-090], then the payload type [V2G20-092], then the payload length [V2G20-094].
 */
export function parseV2gtpHeader(bytes: Uint8Array, options: V2gtpParseOptions = {}): V2gtpHeader {
  if (bytes.length < V2GTP_HEADER_LENGTH) {
    throw new V2gtpError(
      'header',
      bytes.length,
      `${V2GTP_HEADER_LENGTH} bytes needed, only ${bytes.length} present`,
    );
  }
  if (bytes[0] !== V2GTP_PROTOCOL_VERSION) {
    throw new V2gtpError(
      'version',
      0,
      `protocol version ${hexByte(bytes[0])} is not ${hexByte(V2GTP_PROTOCOL_VERSION)}`,
    );
  }
  // The inverse is a synchronisation pattern: in a TCP stream a wrong one means the reader lost the frame boundary.
  if (bytes[1] !== V2GTP_INVERSE_PROTOCOL_VERSION) {
    throw new V2gtpError(
      'inverseVersion',
      1,
      `inverse protocol version ${hexByte(bytes[1])} is not ${hexByte(V2GTP_INVERSE_PROTOCOL_VERSION)}`,
    );
  }
  // Payload type and length are big-endian [V2G20-085]; read byte by byte, as a DataView over a small array moves its
  // bytes off the heap first.
  const payloadType = (bytes[PAYLOAD_TYPE_OFFSET] << 8) | bytes[PAYLOAD_TYPE_OFFSET + 1];
  const allowed = options.allowedPayloadTypes ?? KNOWN_PAYLOAD_TYPES;
  if (!allowed.includes(payloadType)) {
    throw new V2gtpError(
      'payloadType',
      PAYLOAD_TYPE_OFFSET,
      `payload type ${describePayloadType(payloadType)} is not accepted here`,
    );
  }
  const payloadLength =
    bytes[PAYLOAD_LENGTH_OFFSET] * 0x100_0000 +
    ((bytes[PAYLOAD_LENGTH_OFFSET + 1] << 16) | (bytes[PAYLOAD_LENGTH_OFFSET + 2] << 8) | bytes[PAYLOAD_LENGTH_OFFSET + 3]);
  const maxPayloadLength = options.maxPayloadLength ?? DEFAULT_MAX_PAYLOAD_LENGTH;
  if (payloadLength > maxPayloadLength) {
    throw new V2gtpError(
      'payloadLength',
      PAYLOAD_LENGTH_OFFSET,
      `payload length ${payloadLength} exceeds the maximum of ${maxPayloadLength}`,
    );
  }
  return { payloadType, payloadLength };
}

/** Writes one V2GTP message: header, then the payload. */
export function encodeV2gtpFrame(payloadType: number, payload: Uint8Array): Uint8Array {
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > MAX_PAYLOAD_TYPE) {
    throw new V2gtpError('payloadType', PAYLOAD_TYPE_OFFSET, `payload type ${payloadType} is not a 16-bit number`);
  }
  if (payload.length > MAX_PAYLOAD_LENGTH_FIELD) {
    throw new V2gtpError(
      'payloadLength',
      PAYLOAD_LENGTH_OFFSET,
      `payload length ${payload.length} does not fit 32 bits`,
    );
  }
  // Big-endian fields written byte by byte: a DataView over a new small array moves its bytes off the heap first,
  // which made a frame cost ~1.1 µs instead of ~35 ns (one per response).
  const frame = new Uint8Array(V2GTP_HEADER_LENGTH + payload.length);
  const length = payload.length;
  frame[0] = V2GTP_PROTOCOL_VERSION;
  frame[1] = V2GTP_INVERSE_PROTOCOL_VERSION;
  frame[PAYLOAD_TYPE_OFFSET] = payloadType >>> 8;
  frame[PAYLOAD_TYPE_OFFSET + 1] = payloadType & 0xff;
  frame[PAYLOAD_LENGTH_OFFSET] = length >>> 24;
  frame[PAYLOAD_LENGTH_OFFSET + 1] = (length >>> 16) & 0xff;
  frame[PAYLOAD_LENGTH_OFFSET + 2] = (length >>> 8) & 0xff;
  frame[PAYLOAD_LENGTH_OFFSET + 3] = length & 0xff;
  frame.set(payload, V2GTP_HEADER_LENGTH);
  return frame;
}

/**
 * Reads one whole V2GTP message, e.g. a UDP datagram or a frame cut from a capture. The frame must end exactly where
 * the payload length says: an EXI payload holds exactly one V2G message, never a part or several [V2G20-1229]. The
 * payload is a view into `frame`, not a copy.
 */
export function decodeV2gtpFrame(frame: Uint8Array, options: V2gtpParseOptions = {}): V2gtpFrame {
  const { payloadType, payloadLength } = parseV2gtpHeader(frame, options);
  const end = V2GTP_HEADER_LENGTH + payloadLength;
  if (frame.length < end) {
    const present = frame.length - V2GTP_HEADER_LENGTH;
    throw new V2gtpError(
      'payloadLength',
      frame.length,
      `payload length ${payloadLength} announced, the frame ends after ${present} payload bytes`,
    );
  }
  if (frame.length > end) {
    throw new V2gtpError(
      'payloadLength',
      end,
      `payload length ${payloadLength} announced, ${frame.length - end} bytes follow the payload`,
    );
  }
  return { payloadType, payload: frame.subarray(V2GTP_HEADER_LENGTH, end) };
}
