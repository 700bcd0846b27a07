/**
 * Asks a certificate's OCSP responder for its status: builds the request, POSTs it to the responder named in the
 * certificate's authorityInfoAccess (or a URL given, e.g. a CPO's own responder proxy), and verifies the answer.
 * The DER of the verified response is returned too, for stapling or for an ISO 15118 message that carries it.
 */
import { OcspError } from './errors.js';
import { postOcspRequest } from './http-post.js';
import type { CertID } from 'pkijs';
import { buildOcspRequest, certIdRequest, type OcspRequestOptions } from './request.js';
import { verifyOcspResponse, type OcspResponseCheck, type OcspStatus } from './response.js';

export interface OcspQuery extends OcspRequestOptions, Pick<OcspResponseCheck, 'now' | 'clockSkewMs' | 'maxAgeWithoutNextUpdateMs'> {
  /** DER. */
  readonly certificate: Uint8Array;
  /** DER of the certificate's issuer. */
  readonly issuer: Uint8Array;
  /** Absent: the certificate's authorityInfoAccess OCSP URL. */
  readonly url?: string;
  /** Default 10 s. */
  readonly timeoutMs?: number;
  /** Default 64 KiB: a response for one certificate with a delegated responder's chain is 1-3 KB. */
  readonly maxResponseBytes?: number;
}

export interface OcspResult extends OcspStatus {
  readonly url: string;
  readonly der: Uint8Array;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

export async function queryOcsp(query: OcspQuery): Promise<OcspResult> {
  const request = buildOcspRequest(query.certificate, query.issuer, query);
  const url = query.url ?? request.certificate.info.ocspUrls[0];
  if (url === undefined) throw new OcspError('authorityInfoAccess', `${request.certificate.info.subject} names no OCSP responder and no URL was given`);
  return exchange(url, request.der, request.nonce, { ...query, certId: request.certId });
}

/** A query for a certificate known by its CertID alone, at the responder `url` names. */
export interface OcspCertIdQuery extends Omit<OcspQuery, 'certificate' | 'url' | 'certIdHash'> {
  readonly certId: CertID;
  readonly url: string;
}

export async function queryOcspByCertId(query: OcspCertIdQuery): Promise<OcspResult> {
  const request = certIdRequest(query.certId, query.nonceBytes);
  return exchange(query.url, request.der, request.nonce, query);
}

async function exchange(
  url: string,
  request: Uint8Array,
  nonce: Uint8Array | undefined,
  query: Omit<OcspCertIdQuery, 'url'>,
): Promise<OcspResult> {
  const der = await postOcspRequest(url, request, {
    timeoutMs: query.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: query.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  });
  const status = verifyOcspResponse(der, { ...query, nonce });
  return { ...status, url, der };
}

