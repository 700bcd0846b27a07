/**
 * The X.509v3 extensions of the ISO 15118-2 certificate profiles (ISO 15118-2's certificate profiles):
 * basicConstraints and keyUsage, both critical, and subjectKeyIdentifier (RFC 5280 §4.2.1.2 method 1: SHA-1 of the
 * subjectPublicKey bits, OpenSSL's `subjectKeyIdentifier = hash`). The profiles do not list authorityKeyIdentifier;
 * it is added on every certificate but a root because RFC 5280 §4.2.1.1 requires it there and OpenSSL's strict
 * verification refuses a chain without it. It costs 24 bytes of the 800 a -2 message allows a certificate.
 */
import { createHash } from 'node:crypto';
import { BitString, OctetString } from 'asn1js';
import { AuthorityKeyIdentifier, BasicConstraints, Extension } from 'pkijs';

/** RFC 5280 §4.2.1.3 bit positions. */
export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

export type KeyUsage = keyof typeof KEY_USAGE_BITS;

/** `pathLen` only on a CA; undefined leaves it unbounded (the V2G root). */
export type BasicConstraintsProfile = { readonly ca: false } | { readonly ca: true; readonly pathLen?: number };

const OID = { basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', subjectKeyIdentifier: '2.5.29.14', authorityKeyIdentifier: '2.5.29.35' } as const;

export function basicConstraintsExtension(profile: BasicConstraintsProfile): Extension {
  // pkijs writes a pathLenConstraint key that is present but undefined as pathLen 0, so an unbounded CA omits the key.
  const value = new BasicConstraints(!profile.ca ? { cA: false } : profile.pathLen === undefined ? { cA: true } : { cA: true, pathLenConstraint: profile.pathLen });
  return new Extension({ extnID: OID.basicConstraints, critical: true, extnValue: value.toSchema().toBER(false) });
}

/**
 * DER wants a named bit list without trailing zero bits (X.690 §11.2.2), so the BIT STRING is cut after the highest
 * usage set and its unused-bit count says how many bits of the last byte are padding.
 */
export function keyUsageExtension(usages: readonly KeyUsage[]): Extension {
  if (usages.length === 0) throw new RangeError('keyUsage needs at least one usage');
  const bits = usages.map((u) => KEY_USAGE_BITS[u]);
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  const bitString = new BitString({ valueHex: bytes, unusedBits: 7 - (highest & 7) });
  return new Extension({ extnID: OID.keyUsage, critical: true, extnValue: bitString.toBER(false) });
}

export function keyIdentifier(subjectPublicKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(subjectPublicKey).digest());
}

export function subjectKeyIdentifierExtension(keyId: Uint8Array): Extension {
  return new Extension({ extnID: OID.subjectKeyIdentifier, critical: false, extnValue: new OctetString({ valueHex: keyId }).toBER(false) });
}

/** The key identifier form only (no issuer name and serial), as OpenSSL's `authorityKeyIdentifier = keyid`. */
export function authorityKeyIdentifierExtension(issuerKeyId: Uint8Array): Extension {
  const value = new AuthorityKeyIdentifier({ keyIdentifier: new OctetString({ valueHex: issuerKeyId }) });
  return new Extension({ extnID: OID.authorityKeyIdentifier, critical: false, extnValue: value.toSchema().toBER(false) });
}
