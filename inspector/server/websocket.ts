/**
 * A WebSocket server connection over Node's HTTP upgrade (RFC 6455): the opening handshake, text messages out, ping
 * answered with pong, the closing handshake. What a client sends besides control frames is read and ignored: the
 * inspector only streams to its viewers.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { closePayload, encodeFrame, OPCODE, parseClientFrames, WebSocketProtocolError } from './websocket-frame.js';

/** §1.3: the server proves it read the key by hashing it with this GUID. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** Clients send us nothing worth more than a small control frame. */
const MAX_CLIENT_PAYLOAD = 64 * 1024;

export interface WebSocketConnection {
  sendText(text: string): void;
  /** Frames encoded once (`textFrame`) for several connections. */
  sendFrames(frames: Buffer): void;
  /** Bytes written but not yet taken by the peer's TCP window: what a slow reader makes us hold. */
  bufferedBytes(): number;
  /** Called each time the bytes held have been handed to the kernel. */
  onDrain(listener: () => void): void;
  close(code?: number, reason?: string): void;
  /** Called once when the connection is gone, whichever side ended it. */
  onClose(listener: () => void): void;
}

export function textFrame(text: string): Buffer {
  return encodeFrame(OPCODE.text, Buffer.from(text, 'utf8'));
}

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
}

/** The reason a request cannot become a WebSocket, or undefined when it can. */
export function handshakeProblem(request: IncomingMessage, allowOrigin: (origin: string, host: string) => boolean): string | undefined {
  if ((request.headers.upgrade ?? '').toLowerCase() !== 'websocket') return 'Upgrade is not websocket';
  if (request.headers['sec-websocket-version'] !== '13') return 'Sec-WebSocket-Version is not 13';
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string' || Buffer.from(key, 'base64').length !== 16) return 'Sec-WebSocket-Key is not 16 bytes in base64';
  const origin = request.headers.origin;
  if (origin !== undefined && !allowOrigin(origin, request.headers.host ?? '')) return `Origin ${origin} is not allowed`;
  return undefined;
}

/** Completes the handshake of a request that `handshakeProblem` accepted. */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex): WebSocketConnection {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(String(request.headers['sec-websocket-key']))}\r\n\r\n`,
  );
  const listeners: Array<() => void> = [];
  let closed = false;
  let closing = false;
  let pending = Buffer.alloc(0);
  let offset = 0;

  const end = (): void => {
    if (closed) return;
    closed = true;
    socket.destroy();
    for (const listener of listeners) listener();
  };
  const close = (code = 1000, reason = ''): void => {
    if (closed || closing) return;
    closing = true;
    socket.write(encodeFrame(OPCODE.close, closePayload(code, reason)));
    // §7.1.1: the server closes TCP first, once the close frames have crossed; a peer that never answers is not waited for.
    socket.end();
    setTimeout(end, 1000).unref();
  };

  socket.on('data', (chunk: Buffer) => {
    try {
      const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const { frames, rest } = parseClientFrames(bytes, MAX_CLIENT_PAYLOAD, offset);
      offset += bytes.length - rest.length;
      pending = Buffer.from(rest);
      for (const frame of frames) {
        if (frame.opcode === OPCODE.ping) socket.write(encodeFrame(OPCODE.pong, frame.payload));
        else if (frame.opcode === OPCODE.close) {
          if (closing) end();
          else close(frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1000);
        }
      }
    } catch (error) {
      close(error instanceof WebSocketProtocolError ? error.code : 1011, error instanceof Error ? error.message : String(error));
    }
  });
  socket.on('close', end);
  socket.on('error', end);

  return {
    sendText(text) {
      if (!closed && !closing) socket.write(textFrame(text));
    },
    sendFrames(frames) {
      if (!closed && !closing) socket.write(frames);
    },
    bufferedBytes: () => socket.writableLength,
    onDrain(listener) {
      socket.on('drain', listener);
    },
    close,
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
