/**
 * The OCSPRequest for one certificate (RFC 6960 §4.1): a single Request whose CertID names the certificate by its
 * issuer's name and key hashes and its serial. The CertID hash is SHA-1 by default, as the lightweight profile
 * that responders and CDN caches implement requires (RFC 5019 §2.1.1); it identifies, it does not protect, so SHA-1
 * is no weakness here. A nonce (RFC 8954) is optional: caching responders ignore it, and a stapled response cannot
 * carry one of the client's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Null, OctetString } from 'asn1js';
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

const CERT_ID_HASHES: Readonly<Record<CertIdHash, { readonly oid: string; readonly digest: string }>> = {
  'SHA-1': { oid: '1.3.14.3.2.26', digest: 'sha1' },
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', digest: 'sha256' },
};

/** `certificate` and its `issuer` are DER. */
export function buildOcspRequest(certificateDer: Uint8Array, issuerDer: Uint8Array, options: OcspRequestOptions = {}): BuiltOcspRequest {
  const certificate = readOcspCertificate('certificate', certificateDer);
  const certId = certIdOf(certificate.parsed, readOcspCertificate('issuer', issuerDer).parsed, options.certIdHash ?? 'SHA-1');
  const nonce = options.nonceBytes === undefined ? undefined : new Uint8Array(randomBytes(options.nonceBytes));
  const tbsRequest = new TBSRequest({ requestList: [new Request({ reqCert: certId })] });
  if (nonce) {
    tbsRequest.requestExtensions = [new Extension({ extnID: OCSP_NONCE_OID, extnValue: new OctetString({ valueHex: nonce }).toBER(false) })];
  }
  const der = new Uint8Array(new OCSPRequest({ tbsRequest }).toSchema(true).toBER(false));
  return { certificate, der, certId, nonce };
}

/**
 * RFC 6960 §4.1.1: the hashes of the issuer's name (its subject's DER as the issuer's certificate carries it) and of
 * its subjectPublicKey BIT STRING's value, and the certificate's serial. The hash algorithm's parameters are NULL, as
 * the responders we meet write them back.
 */
function certIdOf(certificate: Certificate, issuer: Certificate, hash: CertIdHash): CertID {
  const { oid, digest } = CERT_ID_HASHES[hash];
  const hashed = (bytes: Uint8Array | ArrayBuffer): OctetString => new OctetString({ valueHex: new Uint8Array(createHash(digest).update(new Uint8Array(bytes)).digest()) });
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new Null() }),
    issuerNameHash: hashed(issuer.subject.toSchema().toBER(false)),
    issuerKeyHash: hashed(issuer.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    serialNumber: certificate.serialNumber,
  });
}
