/**
 * The OCSPRequest for one certificate (RFC 6960 §4.1): a single Request whose CertID names the certificate by its
 * issuer's name and key hashes and its serial. The CertID hash is SHA-1 by default, as the lightweight profile
 * that responders and CDN caches implement requires (RFC 5019 §2.1.1); it identifies, it does not protect, so SHA-1
 * is no weakness here. A nonce (RFC 8954) is optional: caching responders ignore it, and a stapled response cannot
 * carry one of the client's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Integer, Null, OctetString } from 'asn1js';
import { AlgorithmIdentifier, CertID, Extension, OCSPRequest, Request, TBSRequest, type Certificate } from 'pkijs';
import { readOcspCertificate, type OcspCertificate } from './certificate.js';

export type CertIdHash = 'SHA-1' | 'SHA-256';

export interface OcspRequestOptions {
  readonly certIdHash?: CertIdHash;
  /** Bytes of nonce to send and expect back (RFC 8954 recommends 32); absent: none. */
  readonly nonceBytes?: number;
}

export interface BuiltOcspRequest {
  /** The certificate asked about, as read for the request. */
  readonly certificate: OcspCertificate;
  readonly der: Uint8Array;
  readonly certId: CertID;
  readonly nonce: Uint8Array | undefined;
}

export const OCSP_NONCE_OID = '1.3.6.1.5.5.7.48.1.2';

const CERT_ID_HASH_OIDS = { 'SHA-1': '1.3.14.3.2.26', 'SHA-256': '2.16.840.1.101.3.4.2.1', 'SHA-384': '2.16.840.1.101.3.4.2.2', 'SHA-512': '2.16.840.1.101.3.4.2.3' } as const;

const CERT_ID_HASHES: Readonly<Record<CertIdHash, { readonly oid: string; readonly digest: string }>> = {
  'SHA-1': { oid: CERT_ID_HASH_OIDS['SHA-1'], digest: 'sha1' },
  'SHA-256': { oid: CERT_ID_HASH_OIDS['SHA-256'], digest: 'sha256' },
};

/** `certificate` and its `issuer` are DER. */
export function buildOcspRequest(certificateDer: Uint8Array, issuerDer: Uint8Array, options: OcspRequestOptions = {}): BuiltOcspRequest {
  const certificate = readOcspCertificate('certificate', certificateDer);
  const certId = certIdOf(certificate.parsed, readOcspCertificate('issuer', issuerDer).parsed, options.certIdHash ?? 'SHA-1');
  return { certificate, certId, ...certIdRequest(certId, options.nonceBytes) };
}

/** The OCSPRequest for a CertID known without its certificate (OCPP 2.0.1's OCSPRequestData carries only that). */
export function certIdRequest(certId: CertID, nonceBytes?: number): { readonly der: Uint8Array; readonly nonce: Uint8Array | undefined } {
  const nonce = nonceBytes === undefined ? undefined : new Uint8Array(randomBytes(nonceBytes));
  const tbsRequest = new TBSRequest({ requestList: [new Request({ reqCert: certId })] });
  if (nonce) {
    tbsRequest.requestExtensions = [new Extension({ extnID: OCSP_NONCE_OID, extnValue: new OctetString({ valueHex: nonce }).toBER(false) })];
  }
  return { der: new Uint8Array(new OCSPRequest({ tbsRequest }).toSchema(true).toBER(false)), nonce };
}

/** A CertID from its parts, the hashes made with `hash` (RFC 6960 §4.1.1). */
export function certIdFromHashes(hash: CertIdHash | 'SHA-384' | 'SHA-512', issuerNameHash: Uint8Array, issuerKeyHash: Uint8Array, serialNumber: Uint8Array): CertID {
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithmId: CERT_ID_HASH_OIDS[hash], algorithmParams: new Null() }),
    issuerNameHash: new OctetString({ valueHex: issuerNameHash }),
    issuerKeyHash: new OctetString({ valueHex: issuerKeyHash }),
    serialNumber: new Integer({ valueHex: serialNumber }),
  });
}

/**
 * RFC 6960 §4.1.1: the hashes of the issuer's name (its subject's DER as the issuer's certificate carries it) and of
 * its subjectPublicKey BIT STRING's value, and the certificate's serial. The hash algorithm's parameters are NULL, as
 * the responders we meet write them back.
 */
function certIdOf(certificate: Certificate, issuer: Certificate, hash: CertIdHash): CertID {
  const { oid, digest } = CERT_ID_HASHES[hash];
  const { nameHash, keyHash } = issuerHashes(issuer, digest);
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new Null() }),
    issuerNameHash: new OctetString({ valueHex: nameHash }),
    issuerKeyHash: new OctetString({ valueHex: keyHash }),
    serialNumber: certificate.serialNumber,
  });
}

/** A CertID's issuer hashes of the issuer certificate `issuerDer`, with a Node digest name (`sha256`). */
export function issuerHashesOf(issuerDer: Uint8Array, digest: string): { readonly nameHash: Uint8Array; readonly keyHash: Uint8Array } {
  return issuerHashes(readOcspCertificate('issuer', issuerDer).parsed, digest);
}

function issuerHashes(issuer: Certificate, digest: string): { readonly nameHash: Uint8Array; readonly keyHash: Uint8Array } {
  const hashed = (bytes: Uint8Array | ArrayBuffer): Uint8Array => new Uint8Array(createHash(digest).update(new Uint8Array(bytes)).digest());
  return { nameHash: hashed(issuer.subject.toSchema().toBER(false)), keyHash: hashed(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView) };
}
