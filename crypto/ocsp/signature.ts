/**
 * Verifies a signature as X.509 and OCSP carry them (an AlgorithmIdentifier, a BIT STRING, the signed DER) with
 * node:crypto, for the algorithms crypto/x509 knows (ECDSA, RSA PKCS#1 v1.5 for responders of general-purpose CAs,
 * EdDSA).
 */
import { verify, type KeyObject } from 'node:crypto';
import type { AlgorithmIdentifier } from 'pkijs';
import { SIGNATURE_ALGORITHMS_BY_OID } from '../x509/signature-algorithms.js';
import { OcspError } from './errors.js';

export function verifySignature(where: string, algorithm: AlgorithmIdentifier, signed: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const known = SIGNATURE_ALGORITHMS_BY_OID[algorithm.algorithmId];
  if (known === undefined) throw new OcspError(where, `unsupported signature algorithm ${algorithm.algorithmId}`);
  try {
    return verify(known.digest, signed, key, signature);
  } catch {
    // A signature that is not even well-formed DER for the key's algorithm, or a key of another type, is not valid.
    return false;
  }
}
