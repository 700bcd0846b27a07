/**
 * What a certificate says about itself, read once from its DER: names, validity, key, signature algorithm and the
 * extensions the V2G profiles care about. Reading never judges; crypto/pki/certificate-check.ts does. Bytes that are
 * not a certificate are a PkiError naming where they came from.
 */
import { X509Certificate } from 'node:crypto';
import { BitString, fromBER, Null, OctetString } from 'asn1js';
import { BasicConstraints, Certificate, ExtKeyUsage, InfoAccess, type Extension } from 'pkijs';
import { PkiError } from '../errors.js';
import { ACCESS_METHOD, EXTENDED_KEY_USAGE_OIDS, EXTENSION_OIDS, KEY_USAGE_BITS, URI_NAME, type ExtendedKeyUsage, type KeyUsage } from './extensions.js';
import { keyAlgorithmOf, type KeyAlgorithm } from './key-pair.js';
import { SIGNATURE_ALGORITHMS_BY_OID } from './signature-algorithms.js';

export interface CertificateInfo {
  readonly der: Uint8Array;
  readonly version: number;
  readonly serialNumber: string;
  /** RFC 4514-like, in the certificate's order: `CN=…, O=…, C=…, DC=…`. */
  readonly subject: string;
  readonly issuer: string;
  readonly commonName: string | undefined;
  readonly issuerCommonName: string | undefined;
  readonly domainComponents: readonly string[];
  readonly issuerDomainComponents: readonly string[];
  /** Subject and issuer names are the same (a root, or a certificate posing as one). */
  readonly selfIssued: boolean;
  /** Its own key verifies its signature. */
  readonly selfSigned: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** A key of the V2G profiles, or what it is instead (`EC secp384r1`, `rsa`). */
  readonly key: KeyAlgorithm | string;
  /** `ecdsa-with-SHA256`, `ecdsa-with-SHA512`, `Ed448`, or the OID of any other. */
  readonly signatureAlgorithm: string;
  readonly basicConstraints?: { readonly critical: boolean; readonly ca: boolean; readonly pathLen?: number };
  readonly keyUsage?: { readonly critical: boolean; readonly usages: readonly KeyUsage[] };
  /** Known purposes by name, others by OID. */
  readonly extendedKeyUsage?: readonly (ExtendedKeyUsage | string)[];
  readonly subjectKeyIdentifier: boolean;
  readonly authorityKeyIdentifier: boolean;
  readonly ocspUrls: readonly string[];
  readonly ocspNoCheck: boolean;
}

export function readCertificate(der: Uint8Array, where: string): CertificateInfo {
  let node: X509Certificate;
  let parsed: Certificate;
  try {
    node = new X509Certificate(der);
    parsed = Certificate.fromBER(new Uint8Array(der));
  } catch (e) {
    throw new PkiError(where, `not an X.509 certificate (${(e as Error).message})`);
  }
  const extension = (oid: string): Extension | undefined => parsed.extensions?.find((e) => e.extnID === oid);
  const read = <T>(oid: string, what: string, decode: (value: Uint8Array<ArrayBuffer>) => T): T | undefined => {
    const found = extension(oid);
    if (!found) return undefined;
    try {
      return decode(new Uint8Array(found.extnValue.valueBlock.valueHexView));
    } catch (e) {
      throw new PkiError(where, `${what} extension is malformed (${(e as Error).message})`);
    }
  };
  const subject = fields(node.subject);
  const issuer = fields(node.issuer);
  const keyName = keyAlgorithmOf(node.publicKey);
  const basicConstraints = read(EXTENSION_OIDS.basicConstraints, 'basicConstraints', (v) => {
    const value = BasicConstraints.fromBER(v);
    return { critical: extension(EXTENSION_OIDS.basicConstraints)!.critical, ca: value.cA, ...(value.pathLenConstraint === undefined ? {} : { pathLen: Number(value.pathLenConstraint) }) };
  });
  const keyUsage = read(EXTENSION_OIDS.keyUsage, 'keyUsage', (v) => {
    const bits = fromBER(v).result;
    if (!(bits instanceof BitString)) throw new Error('not a BIT STRING');
    const bytes = bits.valueBlock.valueHexView;
    const usages = (Object.entries(KEY_USAGE_BITS) as [KeyUsage, number][]).filter(([, bit]) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0).map(([usage]) => usage);
    return { critical: extension(EXTENSION_OIDS.keyUsage)!.critical, usages };
  });
  const purposeNames = Object.fromEntries(Object.entries(EXTENDED_KEY_USAGE_OIDS).map(([name, oid]) => [oid, name]));
  const extendedKeyUsage = read(EXTENSION_OIDS.extendedKeyUsage, 'extendedKeyUsage', (v) => ExtKeyUsage.fromBER(v).keyPurposes.map((oid) => purposeNames[oid] ?? oid));
  const ocspUrls =
    read(EXTENSION_OIDS.authorityInfoAccess, 'authorityInfoAccess', (v) =>
      InfoAccess.fromBER(v)
        .accessDescriptions.filter((d) => d.accessMethod === ACCESS_METHOD.ocsp && d.accessLocation.type === URI_NAME)
        .map((d) => String(d.accessLocation.value)),
    ) ?? [];
  return {
    der,
    version: parsed.version + 1,
    serialNumber: node.serialNumber,
    subject: subject.text,
    issuer: issuer.text,
    commonName: subject.values('CN')[0],
    issuerCommonName: issuer.values('CN')[0],
    domainComponents: subject.values('DC'),
    issuerDomainComponents: issuer.values('DC'),
    selfIssued: node.subject === node.issuer,
    selfSigned: node.verify(node.publicKey),
    notBefore: new Date(node.validFrom),
    notAfter: new Date(node.validTo),
    key: keyName ?? [node.publicKey.asymmetricKeyType, node.publicKey.asymmetricKeyDetails?.namedCurve].filter(Boolean).join(' '),
    signatureAlgorithm: SIGNATURE_ALGORITHMS_BY_OID[parsed.signatureAlgorithm.algorithmId]?.name ?? parsed.signatureAlgorithm.algorithmId,
    ...(basicConstraints ? { basicConstraints } : {}),
    ...(keyUsage ? { keyUsage } : {}),
    ...(extendedKeyUsage ? { extendedKeyUsage } : {}),
    subjectKeyIdentifier: extension(EXTENSION_OIDS.subjectKeyIdentifier) !== undefined,
    authorityKeyIdentifier: extension(EXTENSION_OIDS.authorityKeyIdentifier) !== undefined,
    ocspUrls,
    ocspNoCheck: read(EXTENSION_OIDS.ocspNoCheck, 'ocspNoCheck', (v) => fromBER(v).result instanceof Null) ?? false,
  };
}

/** Node writes a name one `KEY=value` per line; a value with a line break in it is escaped, so lines split cleanly. */
function fields(name: string): { text: string; values: (key: string) => string[] } {
  const pairs = name.split('\n').filter(Boolean).map((line) => {
    const at = line.indexOf('=');
    return [line.slice(0, at), line.slice(at + 1)] as const;
  });
  return { text: pairs.map(([k, v]) => `${k}=${v}`).join(', '), values: (key) => pairs.filter(([k]) => k === key).map(([, v]) => v) };
}

/** The keyIdentifier of the subjectKeyIdentifier extension (RFC 5280 §4.2.1.2); undefined where there is none. */
export function subjectKeyIdentifierOf(der: Uint8Array, where: string): Uint8Array | undefined {
  let parsed: Certificate;
  try {
    parsed = Certificate.fromBER(new Uint8Array(der));
  } catch (e) {
    throw new PkiError(where, `not an X.509 certificate (${(e as Error).message})`);
  }
  const extension = parsed.extensions?.find((e) => e.extnID === EXTENSION_OIDS.subjectKeyIdentifier);
  const value = extension && fromBER(extension.extnValue.valueBlock.valueHexView).result;
  return value instanceof OctetString ? new Uint8Array(value.valueBlock.valueHexView) : undefined;
}
