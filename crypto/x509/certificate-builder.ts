/**
 * Issues one X.509v3 certificate signed with ECDSA/SHA-256 (the only signature the ISO 15118-2 PKI uses) from a
 * profile: subject, issuer, validity, basicConstraints, keyUsage. The issuer name is encoded from the same
 * DistinguishedName as the issuer's own subject, so the two are byte-identical and chain building matches them.
 */
import { randomBytes } from 'node:crypto';
import { Integer } from 'asn1js';
import { Certificate, Time } from 'pkijs';
import { cryptoEngine, subtle } from '../engine.js';
import {
  authorityKeyIdentifierExtension,
  basicConstraintsExtension,
  keyIdentifier,
  keyUsageExtension,
  subjectKeyIdentifierExtension,
  type BasicConstraintsProfile,
  type KeyUsage,
} from './extensions.js';
import type { CryptoKeyPair } from './key-pair.js';
import { toRelativeDistinguishedNames, type DistinguishedName } from './names.js';

export interface CertificateIssuer {
  readonly name: DistinguishedName;
  readonly keys: CryptoKeyPair;
}

export interface CertificateProfile {
  readonly subject: DistinguishedName;
  readonly basicConstraints: BasicConstraintsProfile;
  readonly keyUsage: readonly KeyUsage[];
}

export interface CertificateRequest extends CertificateProfile {
  readonly subjectKeys: CryptoKeyPair;
  /** Absent: self-signed with `subjectKeys` (a root). */
  readonly issuer?: CertificateIssuer;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const X509_VERSION_3 = 2;

/** pkijs types keys as the DOM's `CryptoKey`, which Node's WebCrypto keys are but whose name Node does not declare. */
type PkijsKey = Parameters<Certificate['sign']>[0];

/** DER of the signed certificate. */
export async function issueCertificate(request: CertificateRequest): Promise<Uint8Array> {
  if (!(request.notAfter > request.notBefore)) throw new RangeError(`notAfter ${request.notAfter.toISOString()} is not after notBefore ${request.notBefore.toISOString()}`);
  const certificate = new Certificate();
  certificate.version = X509_VERSION_3;
  certificate.serialNumber = new Integer({ valueHex: serialNumber() });
  certificate.subject = toRelativeDistinguishedNames(request.subject);
  certificate.issuer = toRelativeDistinguishedNames(request.issuer?.name ?? request.subject);
  certificate.notBefore = x509Time(request.notBefore);
  certificate.notAfter = x509Time(request.notAfter);
  await certificate.subjectPublicKeyInfo.importKey(request.subjectKeys.publicKey as PkijsKey, cryptoEngine);
  certificate.extensions = [
    basicConstraintsExtension(request.basicConstraints),
    keyUsageExtension(request.keyUsage),
    subjectKeyIdentifierExtension(keyIdentifier(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)),
  ];
  if (request.issuer) {
    // WebCrypto's raw export of an EC public key is the uncompressed point, i.e. the issuer's subjectPublicKey bits.
    const issuerPoint = new Uint8Array(await subtle.exportKey('raw', request.issuer.keys.publicKey));
    certificate.extensions.push(authorityKeyIdentifierExtension(keyIdentifier(issuerPoint)));
  }
  const signingKey = (request.issuer?.keys ?? request.subjectKeys).privateKey;
  await certificate.sign(signingKey as PkijsKey, 'SHA-256', cryptoEngine);
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

/**
 * A random positive serial of 8 bytes (RFC 5280 §4.1.2.2: positive, at most 20 bytes). Bit 6 of the first byte is
 * set so the DER INTEGER is minimal (no leading zero byte), bit 7 cleared so it is positive.
 */
function serialNumber(): Uint8Array {
  const serial = randomBytes(8);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

/**
 * RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on, both without fractional seconds (asn1js
 * would write milliseconds into a GeneralizedTime).
 */
function x509Time(date: Date): Time {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return new Time({ type: whole.getUTCFullYear() < 2050 ? 0 : 1, value: whole });
}
