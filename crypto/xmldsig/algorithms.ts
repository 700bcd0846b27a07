/**
 * The algorithm identifiers of XML Signature over EXI in the V2G standards, and the profile each standard prescribes.
 *
 * ISO 15118-2 7.9.2.4.2: canonicalization and the one Transform are Canonical EXI, digests SHA-256, signatures ECDSA
 * on secp256r1 with SHA-256 (raw r || s); at most one Transform per Reference [V2G2-767].
 * ISO 15118-20: the same mechanism with ECDSA on secp521r1 and SHA-512, r || s [V2G20-1000], or Ed448 (with SHAKE256
 * digests), which this stack neither signs nor verifies: no -20 signer seen in the field uses it. The SHA-512 digest
 * URI for -20 is taken from the published -20 implementations, not from the standard's text (unverified).
 * The URIs are those of RFC 6931 (xmldsig-more, xmlenc) and the W3C Canonical EXI note.
 */
import type { SignerHash } from '../signer.js';
import type { EcCurve } from '../ec-curves.js';

export const CANONICAL_EXI = 'http://www.w3.org/TR/canonical-exi/';
export const DIGEST_SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const DIGEST_SHA512 = 'http://www.w3.org/2001/04/xmlenc#sha512';
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
export const ECDSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512';

/** Digest methods by URI: the hash and its length in bytes. */
export const DIGESTS: Readonly<Record<string, { readonly hash: SignerHash; readonly length: number }>> = {
  [DIGEST_SHA256]: { hash: 'sha256', length: 32 },
  [DIGEST_SHA512]: { hash: 'sha512', length: 64 },
};

/** Signature methods by URI: the hash ECDSA signs with. */
export const SIGNATURES: Readonly<Record<string, { readonly hash: SignerHash }>> = {
  [ECDSA_SHA256]: { hash: 'sha256' },
  [ECDSA_SHA512]: { hash: 'sha512' },
};


export interface SignatureProfile {
  readonly curve: EcCurve;
  readonly digest: string;
  readonly signature: string;
}

export const ISO2_PROFILE: SignatureProfile = { curve: 'P-256', digest: DIGEST_SHA256, signature: ECDSA_SHA256 };
export const ISO20_PROFILE: SignatureProfile = { curve: 'P-521', digest: DIGEST_SHA512, signature: ECDSA_SHA512 };
