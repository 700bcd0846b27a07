/**
 * Issues one X.509v3 certificate from a profile: subject, issuer, validity, basicConstraints, keyUsage and, where the
 * profile asks, extendedKeyUsage, the OCSP responder's address (authorityInfoAccess) and id-pkix-ocsp-nocheck. The
 * issuer name is encoded from the same DistinguishedName as the issuer's own subject, so the two are byte-identical
 * and chain building matches them.
 *
 * The issuer signs with its key's own algorithm: ECDSA with SHA-256 on P-256 (ISO 15118-2), with SHA-512 on P-521
 * or Ed448 (ISO 15118-20). Its private key is a KeyObject in this process or an EcdsaSigner, so a CA key that never
 * leaves a token (PKCS#11) issues certificates the same way.
 */
import { randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import { BitString, Integer, Sequence } from 'asn1js';
import { AlgorithmIdentifier, Certificate, PublicKeyInfo, Time } from 'pkijs';
import type { EcdsaSigner } from '../signer.js';
import {
  authorityInfoAccessExtension,
  authorityKeyIdentifierExtension,
  basicConstraintsExtension,
  extendedKeyUsageExtension,
  keyIdentifier,
  keyUsageExtension,
  ocspNoCheckExtension,
  subjectKeyIdentifierExtension,
  type BasicConstraintsProfile,
  type ExtendedKeyUsage,
  type KeyUsage,
} from './extensions.js';
import { keyAlgorithmOf, type KeyAlgorithm, type KeyPair } from './key-pair.js';
import { toRelativeDistinguishedNames, type DistinguishedName } from './names.js';

/** A key that signs: a key pair in this process, or a public key whose private half an EcdsaSigner holds. */
export type SigningKeys = KeyPair | { readonly publicKey: KeyObject; readonly signer: EcdsaSigner };

export interface CertificateIssuer {
  readonly name: DistinguishedName;
  readonly keys: SigningKeys;
}

export interface CertificateProfile {
  readonly subject: DistinguishedName;
  readonly basicConstraints: BasicConstraintsProfile;
  readonly keyUsage: readonly KeyUsage[];
  readonly extendedKeyUsage?: readonly ExtendedKeyUsage[];
  /** The OCSP responder that answers for this certificate (authorityInfoAccess). */
  readonly ocspUrl?: string;
  /** A delegated OCSP signer's certificate (RFC 6960 §4.2.2.2.1). */
  readonly ocspNoCheck?: boolean;
}

export interface CertificateRequest extends CertificateProfile {
  /**
   * The subject's key. Its private half signs only a root (no `issuer`); a certificate an issuer signs needs the
   * public half alone, so a key whose private half never leaves a token is certified the same way.
   */
  readonly subjectKeys: SigningKeys | { readonly publicKey: KeyObject };
  /** Absent: self-signed with `subjectKeys` (a root). */
  readonly issuer?: CertificateIssuer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /**
   * The serial (big-endian, positive, minimal DER: at most 20 bytes, RFC 5280 §4.1.2.2), for a CA whose database
   * lists a certificate before it is issued; absent: 8 random bytes.
   */
  readonly serialNumber?: Uint8Array;
}

const X509_VERSION_3 = 2;

/** The signature algorithm (RFC 5758 §3.2, RFC 8410 §3) and hash each key algorithm signs with. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<KeyAlgorithm, { readonly oid: string; readonly hash: 'sha256' | 'sha512' | null }>> = {
  'P-256': { oid: '1.2.840.10045.4.3.2', hash: 'sha256' },
  'P-521': { oid: '1.2.840.10045.4.3.4', hash: 'sha512' },
  // EdDSA hashes internally (SHAKE256 for Ed448); the algorithm has no hash parameter.
  Ed448: { oid: '1.3.101.113', hash: null },
};

/** DER of the signed certificate. */
export async function issueCertificate(request: CertificateRequest): Promise<Uint8Array> {
  if (!(request.notAfter > request.notBefore)) throw new RangeError(`notAfter ${request.notAfter.toISOString()} is not after notBefore ${request.notBefore.toISOString()}`);
  const signing = request.issuer?.keys ?? request.subjectKeys;
  if (!canSign(signing)) throw new RangeError('a root (no issuer) is signed with its own key: subjectKeys needs its private half or a signer');
  const algorithm = signingAlgorithm(signing);
  const certificate = new Certificate();
  certificate.version = X509_VERSION_3;
  certificate.serialNumber = new Integer({ valueHex: request.serialNumber ? checkedSerial(request.serialNumber) : serialNumber() });
  certificate.subject = toRelativeDistinguishedNames(request.subject);
  certificate.issuer = toRelativeDistinguishedNames(request.issuer?.name ?? request.subject);
  certificate.notBefore = x509Time(request.notBefore);
  certificate.notAfter = x509Time(request.notAfter);
  certificate.subjectPublicKeyInfo = publicKeyInfo(request.subjectKeys.publicKey);
  certificate.extensions = [
    basicConstraintsExtension(request.basicConstraints),
    keyUsageExtension(request.keyUsage),
    ...(request.extendedKeyUsage?.length ? [extendedKeyUsageExtension(request.extendedKeyUsage)] : []),
    subjectKeyIdentifierExtension(keyIdentifier(subjectPublicKeyBits(request.subjectKeys.publicKey))),
  ];
  if (request.issuer) certificate.extensions.push(authorityKeyIdentifierExtension(keyIdentifier(subjectPublicKeyBits(request.issuer.keys.publicKey))));
  if (request.ocspUrl) certificate.extensions.push(authorityInfoAccessExtension(request.ocspUrl));
  if (request.ocspNoCheck) certificate.extensions.push(ocspNoCheckExtension());
  // RFC 5280 §4.1.1.2: ECDSA and EdDSA identifiers carry no parameters, not even NULL.
  certificate.signature = new AlgorithmIdentifier({ algorithmId: SIGNATURE_ALGORITHMS[algorithm].oid });
  certificate.signatureAlgorithm = new AlgorithmIdentifier({ algorithmId: SIGNATURE_ALGORITHMS[algorithm].oid });
  certificate.tbsView = new Uint8Array(certificate.encodeTBS().toBER(false));
  const signature = await signTbs(signing, algorithm, certificate.tbsView);
  certificate.signatureValue = new BitString({ valueHex: signature });
  return new Uint8Array(certificate.toSchema(false).toBER(false));
}

function canSign(keys: CertificateRequest['subjectKeys']): keys is SigningKeys {
  return 'privateKey' in keys || 'signer' in keys;
}

function signingAlgorithm(keys: SigningKeys): KeyAlgorithm {
  const algorithm = 'signer' in keys ? keys.signer.curve : keyAlgorithmOf(keys.privateKey);
  if (algorithm === undefined) throw new RangeError(`a V2G certificate is signed with P-256, P-521 or Ed448, not ${'privateKey' in keys ? keys.privateKey.asymmetricKeyType : 'this key'}`);
  return algorithm;
}

/** The signature as the certificate carries it: ECDSA-Sig-Value DER for ECDSA (RFC 5480 §2.2.3), raw for EdDSA. */
async function signTbs(keys: SigningKeys, algorithm: KeyAlgorithm, tbs: Uint8Array): Promise<Uint8Array> {
  const { hash } = SIGNATURE_ALGORITHMS[algorithm];
  if ('signer' in keys) {
    if (hash === null) throw new RangeError('an EcdsaSigner signs ECDSA only');
    return ecdsaSignatureDer(await keys.signer.sign(tbs, hash));
  }
  return new Uint8Array(nodeSign(hash, tbs, keys.privateKey));
}

/** r || s (each half the length) as SEQUENCE { r INTEGER, s INTEGER }, each integer in its minimal positive form. */
export function ecdsaSignatureDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array): Integer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const minimal = bytes.subarray(start);
    return new Integer({ valueHex: (minimal[0]! & 0x80) !== 0 ? Uint8Array.of(0, ...minimal) : minimal });
  };
  return new Uint8Array(new Sequence({ value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))] }).toBER(false));
}

function publicKeyInfo(key: KeyObject): PublicKeyInfo {
  return PublicKeyInfo.fromBER(new Uint8Array(key.export({ type: 'spki', format: 'der' })));
}

/** The subjectPublicKey BIT STRING's contents (an EC point, an Ed448 key), which the key identifiers hash. */
function subjectPublicKeyBits(key: KeyObject): Uint8Array {
  return publicKeyInfo(key).subjectPublicKey.valueBlock.valueHexView;
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

function checkedSerial(serial: Uint8Array): Uint8Array {
  const problem =
    serial.length === 0 || serial.length > 20 ? `${serial.length} bytes, not 1 to 20`
    : (serial[0]! & 0x80) !== 0 ? 'negative'
    : serial.length > 1 && serial[0] === 0 && (serial[1]! & 0x80) === 0 ? 'not minimal (a leading zero byte)'
    : serial.every((b) => b === 0) ? 'zero'
    : undefined;
  if (problem) throw new RangeError(`serialNumber ${Buffer.from(serial).toString('hex')}: ${problem} (RFC 5280 §4.1.2.2 wants a positive integer in minimal DER, at most 20 bytes)`);
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
