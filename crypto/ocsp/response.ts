/**
 * Reads and verifies an OCSPResponse (RFC 6960 §4.2) for the certificate a request asked about:
 * - the response is `successful` and of the basic type;
 * - it is signed by the certificate's issuer, or by a delegated responder whose certificate is carried in the
 *   response, issued by that same issuer and has id-kp-OCSPSigning (§4.2.2.2), and is valid now;
 * - it holds a SingleResponse for exactly our CertID, whose thisUpdate is not in the future and whose nextUpdate is not
 *   past (§3.2 items 5, 6), both within a clock-skew allowance; without a nextUpdate a response is taken as fresh
 *   for `maxAgeWithoutNextUpdateMs` only, since its responder promised nothing about when it changes;
 * - a nonce, if one was sent, comes back unchanged.
 * Every failure is an OcspError naming the structure and field at fault.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { Constructed, Enumerated, fromBER, GeneralizedTime, OctetString, type AsnType } from 'asn1js';
import { BasicOCSPResponse, OCSPResponse, RelativeDistinguishedNames, type Certificate, type CertID, type SingleResponse } from 'pkijs';
import { keyIdentifier } from '../x509/extensions.js';
import { readOcspCertificate, type OcspCertificate } from './certificate.js';
import { OcspError } from './errors.js';
import { OCSP_NONCE_OID } from './request.js';
import { verifySignature } from './signature.js';

export type CertStatus = 'good' | 'revoked' | 'unknown';

/** RFC 5280 §5.3.1 CRLReason. */
const CRL_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  undefined,
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export type CrlReason = Exclude<(typeof CRL_REASONS)[number], undefined>;

export interface OcspStatus {
  readonly status: CertStatus;
  readonly revocationTime?: Date;
  readonly revocationReason?: CrlReason;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly producedAt: Date;
  /** Until when the response may be relied on (and stapled): nextUpdate, or thisUpdate plus the maximum age. */
  readonly validUntil: Date;
  readonly signedBy: 'issuer' | 'delegated responder';
  /** The signer's subject, e.g. `CN=CPOSubCA2, O=…, C=DE, DC=V2G`. */
  readonly responder: string;
}

export interface OcspResponseCheck {
  readonly certId: CertID;
  /** DER of the certificate's issuer. */
  readonly issuer: Uint8Array;
  readonly nonce?: Uint8Array | undefined;
  readonly now?: Date;
  /** Allowance for the responder's and our clock disagreeing; default 5 minutes. */
  readonly clockSkewMs?: number;
  /** Default 1 hour. */
  readonly maxAgeWithoutNextUpdateMs?: number;
}

const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', undefined, 'sigRequired', 'unauthorized'] as const;
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;
const DEFAULT_MAX_AGE_MS = 3_600_000;

export function verifyOcspResponse(der: Uint8Array, check: OcspResponseCheck): OcspStatus {
  const now = check.now ?? new Date();
  const skew = check.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const response = parse('OCSPResponse', der, (schema) => new OCSPResponse({ schema }));
  const statusCode = response.responseStatus.valueBlock.valueDec;
  if (statusCode !== 0) throw new OcspError('OCSPResponse.responseStatus', `${RESPONSE_STATUS[statusCode] ?? 'unassigned'} (${statusCode})`);
  const bytes = response.responseBytes;
  if (!bytes) throw new OcspError('OCSPResponse.responseBytes', 'absent in a successful response');
  if (bytes.responseType !== ID_PKIX_OCSP_BASIC) throw new OcspError('ResponseBytes.responseType', `${bytes.responseType} is not id-pkix-ocsp-basic`);
  const basic = parse('BasicOCSPResponse', bytes.response.valueBlock.valueHexView, (schema) => new BasicOCSPResponse({ schema }));
  const data = basic.tbsResponseData;

  const signer = findSigner(basic, readOcspCertificate('issuer', check.issuer), now, skew);
  const signature = basic.signature.valueBlock.valueHexView;
  if (!verifySignature('BasicOCSPResponse.signatureAlgorithm', basic.signatureAlgorithm, data.tbsView, signature, signer.key)) {
    throw new OcspError('BasicOCSPResponse.signature', `does not verify with the key of ${signer.subject}`);
  }
  if (check.nonce) checkNonce(basic, check.nonce);

  const single = data.responses.find((r) => r.certID.isEqual(check.certId));
  if (!single) throw new OcspError('ResponseData.responses', `no SingleResponse for serial ${hex(check.certId.serialNumber.valueBlock.valueHexView)}`);
  const validUntil = single.nextUpdate ?? new Date(single.thisUpdate.getTime() + (check.maxAgeWithoutNextUpdateMs ?? DEFAULT_MAX_AGE_MS));
  if (single.thisUpdate.getTime() > now.getTime() + skew) throw new OcspError('SingleResponse.thisUpdate', `${single.thisUpdate.toISOString()} is in the future`);
  if (validUntil.getTime() < now.getTime() - skew) {
    const field = single.nextUpdate ? 'SingleResponse.nextUpdate' : 'SingleResponse.thisUpdate';
    throw new OcspError(field, `stale: valid until ${validUntil.toISOString()}, now ${now.toISOString()}`);
  }
  return {
    ...certStatus(single),
    thisUpdate: single.thisUpdate,
    nextUpdate: single.nextUpdate,
    producedAt: data.producedAt,
    validUntil,
    signedBy: signer.delegated ? 'delegated responder' : 'issuer',
    responder: signer.subject,
  };
}

function parse<T>(structure: string, der: Uint8Array, construct: (schema: AsnType) => T): T {
  const asn1 = fromBER(der);
  if (asn1.offset === -1) throw new OcspError(structure, `not DER: ${asn1.result.error}`);
  if (asn1.offset !== der.byteLength) throw new OcspError(structure, `${der.byteLength - asn1.offset} bytes after the structure`);
  try {
    return construct(asn1.result);
  } catch (error) {
    throw new OcspError(structure, `does not match RFC 6960's schema: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface Signer {
  readonly key: KeyObject;
  readonly subject: string;
  readonly delegated: boolean;
}

function findSigner(basic: BasicOCSPResponse, issuer: OcspCertificate, now: Date, skew: number): Signer {
  const responderId: unknown = basic.tbsResponseData.responderID;
  const named = (certificate: Certificate): boolean =>
    responderId instanceof RelativeDistinguishedNames
      ? responderId.isEqual(certificate.subject)
      : responderId instanceof OctetString && Buffer.from(responderId.valueBlock.valueHexView).equals(keyHash(certificate));
  if (named(issuer.parsed)) return { key: publicKeyOf(issuer.parsed), subject: issuer.info.subject, delegated: false };
  const carried = (basic.certs ?? []).find(named);
  if (!carried) throw new OcspError('ResponseData.responderID', 'names neither the certificate\'s issuer nor a responder certificate carried in the response');
  const delegate = readOcspCertificate('BasicOCSPResponse.certs', new Uint8Array(carried.toSchema().toBER(false)));
  const where = `BasicOCSPResponse.certs (${delegate.info.subject})`;
  if (!carried.issuer.isEqual(issuer.parsed.subject) || !verifySignature(where, carried.signatureAlgorithm, carried.tbsView, carried.signatureValue.valueBlock.valueHexView, publicKeyOf(issuer.parsed))) {
    throw new OcspError(where, `not issued by the certificate's issuer ${issuer.info.subject}, so not a delegated responder`);
  }
  if (!delegate.info.extendedKeyUsage?.includes('ocspSigning')) throw new OcspError(where, 'lacks extendedKeyUsage id-kp-OCSPSigning');
  const { notBefore, notAfter } = delegate.info;
  if (notBefore.getTime() > now.getTime() + skew || notAfter.getTime() < now.getTime() - skew) {
    throw new OcspError(where, `not valid now (${notBefore.toISOString()} to ${notAfter.toISOString()})`);
  }
  return { key: publicKeyOf(carried), subject: delegate.info.subject, delegated: true };
}

function checkNonce(basic: BasicOCSPResponse, nonce: Uint8Array): void {
  const extension = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_NONCE_OID);
  if (!extension) throw new OcspError('ResponseData.responseExtensions', 'the nonce sent is not echoed');
  const inner = fromBER(extension.extnValue.valueBlock.valueHexView).result;
  const echoed = inner instanceof OctetString ? inner.valueBlock.valueHexView : extension.extnValue.valueBlock.valueHexView;
  if (!Buffer.from(echoed).equals(nonce)) throw new OcspError('ResponseData.responseExtensions', 'the nonce differs from the one sent');
}

function certStatus(single: SingleResponse): Pick<OcspStatus, 'status' | 'revocationTime' | 'revocationReason'> {
  const status: AsnType = single.certStatus;
  const tag = status.idBlock.tagClass === 3 ? status.idBlock.tagNumber : -1;
  if (tag === 0) return { status: 'good' };
  if (tag === 2) return { status: 'unknown' };
  if (tag !== 1 || !(status instanceof Constructed)) throw new OcspError('SingleResponse.certStatus', `tag [${status.idBlock.tagNumber}] is none of good, revoked, unknown`);
  const [time, reason] = status.valueBlock.value;
  if (!(time instanceof GeneralizedTime)) throw new OcspError('RevokedInfo.revocationTime', 'is not a GeneralizedTime');
  const code = reason instanceof Constructed && reason.valueBlock.value[0] instanceof Enumerated ? reason.valueBlock.value[0].valueBlock.valueDec : undefined;
  const revocationReason = code === undefined ? undefined : CRL_REASONS[code];
  if (code !== undefined && revocationReason === undefined) throw new OcspError('RevokedInfo.revocationReason', `${code} is not a CRLReason`);
  return { status: 'revoked', revocationTime: time.toDate(), ...(revocationReason ? { revocationReason } : {}) };
}

/** ResponderID byKey: SHA-1 of the subjectPublicKey BIT STRING's value (RFC 6960 §4.2.1), the key identifier's hash. */
function keyHash(certificate: Certificate): Uint8Array {
  return keyIdentifier(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
}

function publicKeyOf(certificate: Certificate): KeyObject {
  return createPublicKey({ key: Buffer.from(certificate.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
