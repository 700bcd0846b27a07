/**
 * Verifies a signature as X.509 and OCSP carry them (an AlgorithmIdentifier, a BIT STRING, the signed DER) with
 * node:crypto. The algorithms are those a V2G PKI and the responders it meets use: ECDSA with SHA-256/384/512
 * (ISO 15118-2: P-256/SHA-256; -20: P-521/SHA-512), RSA PKCS#1 v1.5 for responders of general-purpose CAs, Ed448/Ed25519.
 */
import { verify, type KeyObject } from 'node:crypto';
import type { AlgorithmIdentifier } from 'pkijs';
import { OcspError } from './errors.js';

/** Signature algorithm OID -> digest for node's verify (null: the algorithm hashes itself, EdDSA). */
const SIGNATURE_DIGESTS: Readonly<Record<string, string | null>> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

export function verifySignature(where: string, algorithm: AlgorithmIdentifier, signed: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const digest = SIGNATURE_DIGESTS[algorithm.algorithmId];
  if (digest === undefined) throw new OcspError(where, `unsupported signature algorithm ${algorithm.algorithmId}`);
  try {
    return verify(digest, signed, key, signature);
  } catch {
    // A signature that is not even well-formed DER for the key's algorithm, or a key of another type, is not valid.
    return false;
  }
}
