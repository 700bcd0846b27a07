/**
 * Reading a raw socket opened through libc (AF_PACKET, AF_CAN): Node cannot watch such a descriptor, so each read
 * is a blocking read(2) in libuv's thread pool. The socket carries SO_RCVTIMEO so that a read returns within that
 * timeout even when nothing arrives, is then re-armed, and `close()` takes effect at the next return: without the
 * timeout a pending read keeps the process alive forever (even `process.exit` hung in the trials). The descriptor is
 * closed only after the pending read has returned, so it is never reused under a read. Each reader holds one of the
 * pool's four threads while it waits.
 */
import { closeSync, read } from 'node:fs';
import { endianness } from 'node:os';

export interface BlockingReader {
  /** Stops reading and closes the descriptor within the socket's receive timeout. */
  close(): void;
}

export function readBlocking(
  fd: number,
  size: number,
  handlers: {
    readonly data: (bytes: Uint8Array) => void;
    /** A read failed for another reason than its timeout: the descriptor is closed, reading stops. */
    readonly error: (code: string) => void;
    /** After `close()`, once the descriptor is closed. */
    readonly closed: () => void;
  },
): BlockingReader {
  let closing = false;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    closeSync(fd);
  };
  const receive = (): void => {
    const buffer = Buffer.alloc(size);
    read(fd, buffer, 0, size, null, (err, length) => {
      if (closing) {
        finish();
        return handlers.closed();
      }
      if (err === null) {
        handlers.data(new Uint8Array(buffer.buffer, buffer.byteOffset, length));
      } else if (err.code !== 'EAGAIN' && err.code !== 'EWOULDBLOCK' && err.code !== 'EINTR') {
        closing = true;
        finish();
        return handlers.error(err.code ?? String(err));
      }
      receive();
    });
  };
  receive();
  return {
    close() {
      closing = true;
    },
  };
}

/** struct timeval on 64-bit Linux, for SO_RCVTIMEO: two longs, seconds and microseconds. */
export function timeval(ms: number): Buffer {
  const value = Buffer.alloc(16);
  const le = endianness() === 'LE';
  const seconds = BigInt(Math.floor(ms / 1000));
  const micros = BigInt((ms % 1000) * 1000);
  if (le) {
    value.writeBigInt64LE(seconds, 0);
    value.writeBigInt64LE(micros, 8);
  } else {
    value.writeBigInt64BE(seconds, 0);
    value.writeBigInt64BE(micros, 8);
  }
  return value;
}
