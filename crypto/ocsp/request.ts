/**
 * The OCSPRequest for one certificate (RFC 6960 §4.1): a single Request whose CertID names the certificate by its
 * issuer's name and key hashes and its serial. The CertID hash is SHA-1 by default, as the lightweight profile
 * that responders and CDN caches implement requires (RFC 5019 §2.1.1); it identifies, it does not protect, so SHA-1
 * is no weakness here. A nonce (RFC 8954) is optional: caching responders ignore it, and a stapled response cannot
 * carry one of the client's.
 */
import { randomBytes } from 'node:crypto';
import { OctetString } from 'asn1js';
import { CertID, Extension, OCSPRequest, Request, TBSRequest, type Certificate } from 'pkijs';
import { cryptoEngine } from '../engine.js';

export type CertIdHash = 'SHA-1' | 'SHA-256';

export interface OcspRequestOptions {
  readonly certIdHash?: CertIdHash;
  /** Bytes of nonce to send and expect back (RFC 8954 recommends 32); absent: none. */
  readonly nonceBytes?: number;
}

export interface BuiltOcspRequest {
  readonly der: Uint8Array;
  readonly certId: CertID;
  readonly nonce: Uint8Array | undefined;
}

export const OCSP_NONCE_OID = '1.3.6.1.5.5.7.48.1.2';

export async function buildOcspRequest(certificate: Certificate, issuer: Certificate, options: OcspRequestOptions = {}): Promise<BuiltOcspRequest> {
  const certId = await CertID.create(certificate, { hashAlgorithm: options.certIdHash ?? 'SHA-1', issuerCertificate: issuer }, cryptoEngine);
  const nonce = options.nonceBytes === undefined ? undefined : new Uint8Array(randomBytes(options.nonceBytes));
  const tbsRequest = new TBSRequest({ requestList: [new Request({ reqCert: certId })] });
  if (nonce) {
    tbsRequest.requestExtensions = [new Extension({ extnID: OCSP_NONCE_OID, extnValue: new OctetString({ valueHex: nonce }).toBER(false) })];
  }
  const der = new Uint8Array(new OCSPRequest({ tbsRequest }).toSchema(true).toBER(false));
  return { der, certId, nonce };
}
