/**
 * The exceptions of the transports. Each names the operation, the endpoint and a reason a caller can switch on: an
 * EVCC retries SDP after `refused` or `timeout`, but reports `untrusted-chain` to the user as a charger it must not
 * talk to [V2G2-925].
 */
import type { TlsFailure, TransportFailure } from '../base/connection-events.js';

export type TransportOperation = 'listen' | 'connect' | 'accept' | 'receive';

export class TransportError extends Error {
  override readonly name: string = 'TransportError';

  constructor(
    readonly operation: TransportOperation,
    /** `host:port`, IPv6 in brackets. */
    readonly endpoint: string,
    readonly reason: TransportFailure | TlsFailure,
    readonly detail: string,
    /** The system or OpenSSL error code behind it, when there is one (ECONNRESET, CERT_HAS_EXPIRED, ...). */
    readonly code?: string,
  ) {
    super(`${operation} ${endpoint}: ${reason}: ${detail}`);
  }
}

export class TlsError extends TransportError {
  override readonly name: string = 'TlsError';

  constructor(
    operation: TransportOperation,
    endpoint: string,
    override readonly reason: TlsFailure,
    detail: string,
    code?: string,
  ) {
    super(operation, endpoint, reason, detail, code);
  }
}

const FAILURE_OF_CODE: Readonly<Record<string, TransportFailure>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout',
  ENETUNREACH: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  EADDRINUSE: 'address-in-use',
  EADDRNOTAVAIL: 'address-unavailable',
  EINVAL: 'address-unavailable',
};

/** A socket error as a TransportError; one that already is one passes through unchanged. */
export function transportErrorOf(error: Error, operation: TransportOperation, endpoint: string): TransportError {
  if (error instanceof TransportError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new TransportError(operation, endpoint, (code && FAILURE_OF_CODE[code]) || 'socket', error.message, code);
}
