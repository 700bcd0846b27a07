/**
 * OpenSSL's CA database (`index.txt`, what `openssl ca` keeps and `openssl ocsp -index` answers from): one line per
 * certificate, tab-separated: status (V valid, R revoked), expiry, revocation time[,CRL reason] (empty unless
 * revoked), serial in upper-case hex, file name ("unknown"), subject in OpenSSL's one-line form (`/CN=…/O=…`).
 */
import { X509Certificate } from 'node:crypto';

export interface CaDatabaseEntry {
  readonly serialHex: string;
  readonly notAfter: Date;
  /** One-line form: `/CN=…/O=…/C=…/DC=…`. */
  readonly subject: string;
  /** `reason` in OpenSSL's spelling of RFC 5280's CRLReason (`keyCompromise`, `superseded`, …). */
  readonly revoked?: { readonly at: Date; readonly reason: string };
}

/** A certificate as a valid entry. */
export function caDatabaseEntryOf(der: Uint8Array): CaDatabaseEntry {
  const certificate = new X509Certificate(der);
  return {
    serialHex: certificate.serialNumber.toUpperCase(),
    notAfter: new Date(certificate.validTo),
    subject: certificate.subject.split('\n').filter(Boolean).map((field) => `/${field}`).join(''),
  };
}

export function caDatabaseLine(entry: CaDatabaseEntry): string {
  const revocation = entry.revoked ? `${databaseTime(entry.revoked.at)},${entry.revoked.reason}` : '';
  return `${entry.revoked ? 'R' : 'V'}\t${databaseTime(entry.notAfter)}\t${revocation}\t${entry.serialHex.toUpperCase()}\tunknown\t${entry.subject}\n`;
}

/** UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime from 2050 on, as in the certificate (RFC 5280 §4.1.2.5). */
function databaseTime(date: Date): string {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${date.getUTCFullYear() < 2050 ? digits.slice(2) : digits}Z`;
}
