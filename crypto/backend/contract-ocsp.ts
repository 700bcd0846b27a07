/**
 * Revocation of a contract chain over OCSP (RFC 6960): for each certificate of the chain as the EV sent it (leaf and
 * Sub-CAs; a trusted root is not asked about), either the OCSP data OCPP 2.0.1's Authorize carries so the backend
 * asks (iso15118CertificateHashData), or the answer of the responder its authorityInfoAccess names.
 *
 * A responder that does not answer in time, or answers with something that does not verify, leaves the status open.
 * What then is a policy: ISO 15118-2 leaves it to the operator, and OCPP 2.0.1 C07.FR.17 answers a chain that cannot
 * be verified with CertChainError, so the default is to refuse ('reject': FAILED_CertChainError); 'accept' lets
 * the contract through with the open statuses listed (an operator who prefers charging to certainty, as with OCPP's
 * offline contract validation). A certificate that names no responder at all is another matter: its issuer offers
 * no OCSP, and contract chains without it are in the field, so by default it passes unchecked ('unchecked' in the
 * result); `withoutResponder: 'reject'` refuses it instead. The default bound is 3 s, the chain's queries running in parallel: an SECC that
 * checks while the EV waits for PaymentDetailsRes has to answer within the 5 s of the EV's V2G_EVCC_Msg_Timeout,
 * less its own work and the transport.
 */
import { X509Certificate } from 'node:crypto';
import { OcspError, queryOcsp, type OcspResult } from '../ocsp/index.js';
import { buildOcspRequest } from '../ocsp/request.js';
import { readCertificate } from '../x509/certificate-info.js';
import type { OcspRequestData } from './contract-backend.js';

export type RevocationFailure = 'FAILED_CertificateRevoked' | 'FAILED_CertChainError';

export interface RevocationPolicy {
  /** Per chain, all queries in parallel. Default 3000. */
  readonly timeoutMs?: number;
  /** A responder that cannot be asked or does not answer usably. Default 'reject'. */
  readonly onUnavailable?: 'reject' | 'accept';
  /** A certificate that names no responder (no authorityInfoAccess OCSP URL). Default 'accept'. */
  readonly withoutResponder?: 'reject' | 'accept';
}

export interface RevocationCheck extends RevocationPolicy {
  readonly signal?: AbortSignal;
  readonly now?: Date;
}

export interface CertificateRevocation {
  /** Subject of the certificate asked about. */
  readonly subject: string;
  readonly status: 'good' | 'revoked' | 'unknown' | 'unavailable' | 'unchecked';
  /** Why the status is open ('unavailable'), or the revocation's time and reason. */
  readonly detail?: string;
}

export type RevocationVerdict =
  | { readonly ok: true; readonly certificates: readonly CertificateRevocation[] }
  | { readonly ok: false; readonly code: RevocationFailure; readonly reason: string; readonly certificates: readonly CertificateRevocation[] };

export const DEFAULT_REVOCATION_TIMEOUT_MS = 3_000;

/** Each certificate of `chain` (DER, leaf first) with its issuer: the next one, or for the last a root of `roots`. */
export function withIssuers(chain: readonly Uint8Array[], roots: readonly Uint8Array[]): { certificate: Uint8Array; issuer: Uint8Array | undefined }[] {
  const root = chain.length ? rootOf(chain.at(-1)!, roots) : undefined;
  return chain.map((certificate, i) => ({ certificate, issuer: chain[i + 1] ?? root }));
}

/** The root that issued and signed `last`; undefined for none, or for bytes that are not a certificate. */
function rootOf(last: Uint8Array, roots: readonly Uint8Array[]): Uint8Array | undefined {
  try {
    const certificate = new X509Certificate(last);
    return roots.find((der) => {
      const root = new X509Certificate(der);
      return certificate.checkIssued(root) && certificate.verify(root.publicKey);
    });
  } catch {
    return undefined;
  }
}

/**
 * OCPP 2.0.1 OCSPRequestDataType for each certificate of a chain verifyContractChain accepted that names a responder
 * (SHA-256 CertID hashes, hex); a certificate whose issuer is not at hand or that names none is left out, as the OCSP
 * request could not be made for it either.
 */
export function ocspRequestData(chain: readonly Uint8Array[], roots: readonly Uint8Array[]): OcspRequestData[] {
  return withIssuers(chain, roots).flatMap(({ certificate, issuer }) => {
    if (!issuer) return [];
    const request = buildOcspRequest(certificate, issuer, { certIdHash: 'SHA-256' });
    const responderURL = request.certificate.info.ocspUrls[0];
    if (responderURL === undefined) return [];
    const id = request.certId;
    return [
      {
        hashAlgorithm: 'SHA256' as const,
        issuerNameHash: hex(id.issuerNameHash.valueBlock.valueHexView),
        issuerKeyHash: hex(id.issuerKeyHash.valueBlock.valueHexView),
        serialNumber: hex(id.serialNumber.valueBlock.valueHexView),
        responderURL,
      },
    ];
  });
}

/** Asks each certificate's responder about it; see the policy above for what an open status means. */
export async function checkContractRevocation(chain: readonly Uint8Array[], roots: readonly Uint8Array[], check: RevocationCheck = {}): Promise<RevocationVerdict> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;
  const pairs = withIssuers(chain, roots);
  const certificates = await abortable(
    Promise.all(
      pairs.map(async ({ certificate, issuer }): Promise<CertificateRevocation> => {
        const subject = subjectOf(certificate);
        if (!issuer) return { subject, status: 'unavailable', detail: 'its issuer is neither in the chain nor a trusted root' };
        if (!namesResponder(certificate)) return { subject, status: 'unchecked', detail: 'it names no OCSP responder' };
        try {
          return revocationOf(subject, await queryOcsp({ certificate, issuer, timeoutMs, ...(check.now ? { now: check.now } : {}) }));
        } catch (e) {
          if (e instanceof OcspError) return { subject, status: 'unavailable', detail: e.message };
          throw e;
        }
      }),
    ),
    check.signal,
  );
  const revoked = certificates.find((c) => c.status === 'revoked');
  if (revoked) return { ok: false, code: 'FAILED_CertificateRevoked', reason: `${revoked.subject} is revoked (${revoked.detail})`, certificates };
  // The responder knows the issuer but not the certificate: it was never issued by that CA as far as OCSP can tell.
  const unknown = certificates.find((c) => c.status === 'unknown');
  if (unknown) return { ok: false, code: 'FAILED_CertChainError', reason: `the responder does not know ${unknown.subject}`, certificates };
  const open = certificates.find((c) => c.status === 'unavailable');
  if (open && (check.onUnavailable ?? 'reject') === 'reject') {
    return { ok: false, code: 'FAILED_CertChainError', reason: `the revocation status of ${open.subject} is open: ${open.detail}`, certificates };
  }
  const unchecked = certificates.find((c) => c.status === 'unchecked');
  if (unchecked && check.withoutResponder === 'reject') return { ok: false, code: 'FAILED_CertChainError', reason: `${unchecked.subject} names no OCSP responder`, certificates };
  return { ok: true, certificates };
}

function revocationOf(subject: string, result: OcspResult): CertificateRevocation {
  if (result.status !== 'revoked') return { subject, status: result.status };
  const when = result.revocationTime?.toISOString() ?? 'time not given';
  return { subject, status: 'revoked', detail: result.revocationReason ? `${when}, ${result.revocationReason}` : when };
}

/** The queries are bounded by their own deadline; an abort ends the wait at once (the sockets close on their own). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function namesResponder(der: Uint8Array): boolean {
  try {
    return readCertificate(der, 'certificate').ocspUrls.length > 0;
  } catch {
    // Not readable: the query says so, as an open status.
    return true;
  }
}

function subjectOf(der: Uint8Array): string {
  try {
    return new X509Certificate(der).subject.replaceAll('\n', ', ');
  } catch {
    return 'a certificate that does not parse';
  }
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();
