/**
 * OpenSSL's CA database (`index.txt`, what `openssl ca` keeps and `openssl ocsp -index` answers from): one line per
 * certificate, tab-separated: status (V valid, R revoked), expiry, revocation time[,CRL reason] (empty unless
 * revoked), serial in upper-case hex, file name ("unknown"), subject in OpenSSL's one-line form (`/CN=…/O=…`).
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';

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

/**
 * Adds `entry` to the CA database at `path`, or, where its serial is there already, puts it in that line's place (a
 * revocation). `openssl ocsp -index` reloads its database when the file's inode, mtime or ctime differ from what it
 * loaded, compared in whole seconds; an inode freed by one replacement may come back with the next. So the file is
 * replaced whole (never read half-written) and its mtime moved on by at least a second from the last one's. A CA
 * that re-issues for the same subject (a contract updated keeps its eMAID) needs the database's attributes to allow
 * it: OpenSSL refuses to load a database with a subject twice unless `<path>.attr` says `unique_subject = no`.
 */
export async function recordInCaDatabase(path: string, entry: CaDatabaseEntry): Promise<void> {
  const previous = await stat(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
  const text = previous ? await readFile(path, 'utf8') : '';
  const serial = entry.serialHex.toUpperCase();
  const lines = text.split('\n').filter((line) => line !== '' && line.split('\t')[3]?.toUpperCase() !== serial);
  await allowRepeatedSubjects(path);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temporary, [...lines.map((line) => `${line}\n`), caDatabaseLine(entry)].join(''), { mode: 0o600 });
  const seconds = Math.max(Math.floor(Date.now() / 1000), previous ? Math.floor(previous.mtimeMs / 1000) + 1 : 0);
  await utimes(temporary, seconds, seconds);
  await rename(temporary, path);
}

/** `<database>.attr`: the same subject may be issued more than once (see recordInCaDatabase). */
export const CA_DATABASE_ATTRIBUTES = 'unique_subject = no\n';

async function allowRepeatedSubjects(path: string): Promise<void> {
  await writeFile(`${path}.attr`, CA_DATABASE_ATTRIBUTES, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? undefined : Promise.reject(e)));
}
