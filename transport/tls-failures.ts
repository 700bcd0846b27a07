/**
 * OpenSSL's verdicts, as Node reports them in `error.code`, sorted into the TlsFailure a caller acts on. On the
 * client they are its own verification results; on the server they are the alerts the client sent back.
 */
import type { TlsFailure } from '../base/connection-events.js';

const FAILURE_OF_CODE: Readonly<Record<string, TlsFailure>> = {
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted-chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted-chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted-chain',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted-chain',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted-chain',
  CERT_SIGNATURE_FAILURE: 'untrusted-chain',
  CERT_UNTRUSTED: 'untrusted-chain',
  CERT_REJECTED: 'untrusted-chain',
  INVALID_CA: 'untrusted-chain',
  PATH_LENGTH_EXCEEDED: 'untrusted-chain',
  INVALID_PURPOSE: 'untrusted-chain',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'untrusted-chain',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'untrusted-chain',
  CERT_HAS_EXPIRED: 'certificate-not-valid-now',
  CERT_NOT_YET_VALID: 'certificate-not-valid-now',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'certificate-not-valid-now',
};

export const tlsFailureOfCode = (code: string | undefined): TlsFailure => (code && FAILURE_OF_CODE[code]) || 'handshake';
