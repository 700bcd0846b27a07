/**
 * RFC 6455 framing, server side: the frames a server sends (never masked, §5.1) and the frames it reads from a client
 * (always masked, §5.3). Pure: bytes in, frames out. A frame's length field is checked against a limit before any
 * buffer is sized by it, so a hostile length cannot make us allocate.
 */

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface WebSocketFrame {
  readonly fin: boolean;
  readonly opcode: number;
  /** Unmasked. */
  readonly payload: Buffer;
}

/** A client broke the protocol; `code` is the close status to answer with (§7.4.1). */
export class WebSocketProtocolError extends Error {
  override readonly name = 'WebSocketProtocolError';
  constructor(
    readonly code: 1002 | 1009,
    reason: string,
    /** Byte offset of the offending frame in the bytes read so far. */
    readonly offset: number,
  ) {
    super(`${reason} (frame at byte ${offset})`);
  }
}

export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/** The close frame's payload: a status code and a short UTF-8 reason (§5.5.1). */
export function closePayload(code: number, reason: string): Buffer {
  const text = Buffer.from(reason.slice(0, 100), 'utf8');
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}

export interface ParsedFrames {
  readonly frames: readonly WebSocketFrame[];
  /** The bytes of an incomplete frame, to be prepended to the next chunk. */
  readonly rest: Buffer;
}

/** `offset`: where `bytes` starts in the connection's stream, for error positions. */
export function parseClientFrames(bytes: Buffer, maxPayload: number, offset = 0): ParsedFrames {
  const frames: WebSocketFrame[] = [];
  let at = 0;
  for (;;) {
    if (bytes.length - at < 2) break;
    const first = bytes[at]!;
    const second = bytes[at + 1]!;
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if ((first & 0x70) !== 0) throw new WebSocketProtocolError(1002, 'reserved bits set without an extension', offset + at);
    if ((second & 0x80) === 0) throw new WebSocketProtocolError(1002, 'client frame not masked (RFC 6455 §5.3)', offset + at);
    let length = second & 0x7f;
    let header = 2;
    if (length === 126) {
      if (bytes.length - at < 4) break;
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (bytes.length - at < 10) break;
      const long = bytes.readBigUInt64BE(at + 2);
      if (long > BigInt(maxPayload)) throw new WebSocketProtocolError(1009, `frame of ${long} bytes exceeds ${maxPayload}`, offset + at);
      length = Number(long);
      header = 10;
    }
    if (opcode >= 0x8 && (length > 125 || !fin)) throw new WebSocketProtocolError(1002, 'control frame fragmented or over 125 bytes', offset + at);
    if (length > maxPayload) throw new WebSocketProtocolError(1009, `frame of ${length} bytes exceeds ${maxPayload}`, offset + at);
    if (bytes.length - at < header + 4 + length) break;
    const mask = bytes.subarray(at + header, at + header + 4);
    const payload = Buffer.from(bytes.subarray(at + header + 4, at + header + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3]!;
    frames.push({ fin, opcode, payload });
    at += header + 4 + length;
  }
  return { frames, rest: bytes.subarray(at) };
}
