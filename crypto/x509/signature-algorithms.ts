/**
 * The signature algorithms a certificate or an OCSP response of a V2G PKI, or of a general-purpose CA's responder, is
 * signed with, by OID: ECDSA with SHA-256/384/512 (RFC 5758 §3.2; ISO 15118-2: P-256/SHA-256, -20: P-521/SHA-512),
 * RSA PKCS#1 v1.5 (RFC 4055 §5) and EdDSA (RFC 8410 §3). Each with the name OpenSSL prints and the digest node:crypto
 * verifies it with (null: EdDSA hashes internally).
 */
export interface SignatureAlgorithm {
  readonly name: string;
  readonly digest: 'sha256' | 'sha384' | 'sha512' | null;
}

export const SIGNATURE_ALGORITHMS_BY_OID: Readonly<Record<string, SignatureAlgorithm>> = {
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', digest: 'sha512' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', digest: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', digest: null },
  '1.3.101.113': { name: 'Ed448', digest: null },
};
