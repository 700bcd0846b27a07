/**
 * The X.509v3 extensions of the V2G certificate profiles (ISO 15118-2's certificate profiles, carried over to -20):
 * basicConstraints and keyUsage, both critical, and subjectKeyIdentifier (RFC 5280 §4.2.1.2 method 1: SHA-1 of the
 * subjectPublicKey bits, OpenSSL's `subjectKeyIdentifier = hash`). The profiles do not list authorityKeyIdentifier;
 * it is added on every certificate but a root because RFC 5280 §4.2.1.1 requires it there and OpenSSL's strict
 * verification refuses a chain without it. It costs 24 bytes of the 800 a -2 message allows a certificate.
 */
import { createHash } from 'node:crypto';
import { BitString, Null, OctetString } from 'asn1js';
import { AccessDescription, AuthorityKeyIdentifier, BasicConstraints, Extension, ExtKeyUsage, GeneralName, InfoAccess } from 'pkijs';

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

/** RFC 5280 §4.2.1.12 and RFC 6960 §4.2.2.2: the purposes a certificate of the V2G PKIs may be restricted to. */
export const EXTENDED_KEY_USAGE_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

export type ExtendedKeyUsage = keyof typeof EXTENDED_KEY_USAGE_OIDS;

export const EXTENSION_OIDS = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;
const OID = EXTENSION_OIDS;
export const ACCESS_METHOD = { ocsp: '1.3.6.1.5.5.7.48.1', caIssuers: '1.3.6.1.5.5.7.48.2' } as const;
/** GeneralName's uniformResourceIdentifier choice (RFC 5280 §4.2.1.6). */
export const URI_NAME = 6;

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

/** Not critical (RFC 5280 §4.2.1.12 leaves it to the issuer; the V2G profiles do not ask for it). */
export function extendedKeyUsageExtension(usages: readonly ExtendedKeyUsage[]): Extension {
  const value = new ExtKeyUsage({ keyPurposes: usages.map((u) => EXTENDED_KEY_USAGE_OIDS[u]) });
  return new Extension({ extnID: OID.extendedKeyUsage, critical: false, extnValue: value.toSchema().toBER(false) });
}

/**
 * RFC 5280 §4.2.2.1: where a relying party asks about this certificate's revocation (the OCSP responder) and,
 * optionally, where its issuer's certificate is served.
 */
export function authorityInfoAccessExtension(ocspUrl: string, caIssuersUrl?: string): Extension {
  const description = (method: string, url: string): AccessDescription =>
    new AccessDescription({ accessMethod: method, accessLocation: new GeneralName({ type: URI_NAME, value: url }) });
  const value = new InfoAccess({
    accessDescriptions: [description(ACCESS_METHOD.ocsp, ocspUrl), ...(caIssuersUrl ? [description(ACCESS_METHOD.caIssuers, caIssuersUrl)] : [])],
  });
  return new Extension({ extnID: OID.authorityInfoAccess, critical: false, extnValue: value.toSchema().toBER(false) });
}

/**
 * RFC 6960 §4.2.2.2.1 id-pkix-ocsp-nocheck: a delegated OCSP signer is not itself checked by OCSP, which would never
 * end. Its value is NULL.
 */
export function ocspNoCheckExtension(): Extension {
  return new Extension({ extnID: OID.ocspNoCheck, critical: false, extnValue: new Null().toBER(false) });
}
