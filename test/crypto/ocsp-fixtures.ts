/**
 * What the OCSP tests share: certificates made with the project's builder, which writes the extensions OCSP needs
 * (authorityInfoAccess, id-kp-OCSPSigning, id-pkix-ocsp-nocheck), and Debian's `openssl ocsp` as a real responder,
 * started on a free loopback port chosen by the kernel and stopped after the test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type ConnectionOptions, type TLSSocketOptions } from 'node:tls';
import { derToPem } from '../../crypto/pem.js';
import { caDatabaseLine, type CaDatabaseEntry } from '../../crypto/pki/ca-database.js';
import { issueCertificate } from '../../crypto/x509/certificate-builder.js';
import type { KeyUsage } from '../../crypto/x509/extensions.js';
import { generateKeys, privateKeyToPem, type KeyPair } from '../../crypto/x509/key-pair.js';
import type { DistinguishedName } from '../../crypto/x509/names.js';
import { TLS_PROFILES, type TlsVersion } from '../../transport/tls-profiles.js';
import { within } from '../shared/async.js';

export const opensslAbsent = spawnSync('openssl', ['version'], { timeout: 10_000 }).status === 0 ? undefined : 'the openssl command is absent (Debian package openssl)';

export interface FixtureCertificate {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly keyPem: string;
  readonly name: DistinguishedName;
  readonly keys: KeyPair;
  /** Upper-case hex, as OpenSSL's index.txt writes it. */
  readonly serialHex: string;
}

export interface IssueOptions {
  readonly commonName: string;
  readonly issuer?: FixtureCertificate;
  readonly ca?: boolean;
  /** A delegated responder's certificate: id-kp-OCSPSigning and id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2). */
  readonly ocspSigner?: boolean;
  /** The responder named in authorityInfoAccess. */
  readonly ocspUrl?: string;
  /** Chosen ahead, so a responder's index can list a certificate issued after the responder started. */
  readonly serial?: Uint8Array;
}

const DAY_MS = 86_400_000;

/** A positive serial whose DER INTEGER needs no leading zero (as the builder makes them). */
export function newSerial(): Uint8Array {
  const serial = randomBytes(8);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return new Uint8Array(serial);
}

export async function issue(options: IssueOptions): Promise<FixtureCertificate> {
  const keys = await generateKeys('P-256');
  const name: DistinguishedName = { commonName: options.commonName, organizationName: 'KopherV2G OCSP Test', countryName: 'DE', domainComponent: options.ca ? 'V2G' : 'CPO' };
  const keyUsage: readonly KeyUsage[] = options.ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature'];
  const now = Date.now();
  const der = await issueCertificate({
    subject: name,
    subjectKeys: keys,
    ...(options.issuer ? { issuer: { name: options.issuer.name, keys: options.issuer.keys } } : {}),
    basicConstraints: options.ca ? { ca: true } : { ca: false },
    keyUsage,
    ...(options.ocspSigner ? { extendedKeyUsage: ['ocspSigning'], ocspNoCheck: true } : {}),
    ...(options.ocspUrl ? { ocspUrl: options.ocspUrl } : {}),
    ...(options.serial ? { serialNumber: options.serial } : {}),
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 30 * DAY_MS),
  });
  return {
    der,
    pem: derToPem('CERTIFICATE', der),
    keyPem: privateKeyToPem(keys.privateKey),
    name,
    keys,
    serialHex: new X509Certificate(der).serialNumber.toUpperCase(),
  };
}

export type IndexEntry = Pick<CaDatabaseEntry, 'serialHex' | 'revoked'>;

/** The responder's CA database; it reads only status, revocation and serial, so expiry and subject are placeholders. */
export function indexText(entries: readonly IndexEntry[]): string {
  return entries.map((e) => caDatabaseLine({ ...e, notAfter: new Date('2049-12-31T23:59:59Z'), subject: `/CN=${e.serialHex}` })).join('');
}

export interface ResponderOptions {
  /** The CA whose certificates it answers for. */
  readonly ca: Pick<FixtureCertificate, 'pem'>;
  /** Whose key signs: the CA itself, a delegated responder, or one that should be refused. */
  readonly signer: Pick<FixtureCertificate, 'pem' | 'keyPem'>;
  readonly index: readonly IndexEntry[];
  /** ResponderID byKey instead of byName. */
  readonly byKey?: boolean;
  /** Minutes to nextUpdate. */
  readonly nextUpdateMinutes?: number;
}

export interface Responder {
  readonly url: string;
  /** Requests it has received (`openssl ocsp` reports each on stderr). */
  readonly requests: () => number;
  stop(): Promise<void>;
}

const START_LIMIT_MS = 15_000;

export async function startResponder(folder: string, name: string, options: ResponderOptions): Promise<Responder> {
  const file = (suffix: string, text: string): string => {
    const path = join(folder, `${name}-${suffix}`);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  const args = [
    'ocsp',
    ...['-index', file('index.txt', indexText(options.index))],
    ...['-CA', file('ca.pem', options.ca.pem)],
    ...['-rsigner', file('signer.pem', options.signer.pem)],
    ...['-rkey', file('signer.key', options.signer.keyPem)],
    ...['-nmin', String(options.nextUpdateMinutes ?? 5)],
    ...(options.byKey ? ['-resp_key_id'] : []),
    // Port 0: the kernel picks a free one, which the responder prints; no race with other tests for a port.
    ...['-port', '0', '-ignore_err'],
  ];
  const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let requests = 0;
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    requests += text.split('Received request').length - 1;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const limit = setTimeout(() => reject(new Error(`openssl ocsp did not start within ${START_LIMIT_MS} ms: ${stderr}`)), START_LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const accepted = /ACCEPT \S*:(\d+)/.exec(stdout);
      if (accepted) {
        clearTimeout(limit);
        resolve(Number(accepted[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(limit);
      reject(new Error(`openssl ocsp exited (${code}) before listening: ${stderr}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * A client handshake with an SECC on `port` that trusts `root`; what it was stapled: undefined when it did not ask,
 * null when it asked and none came.
 */
export async function stapledTo(port: number, root: string, version: TlsVersion, requestOCSP: boolean): Promise<Buffer | null | undefined> {
  const profile = TLS_PROFILES[version];
  // Node's tls.connect passes requestOCSP on to its TLSSocket; @types/node lists it on TLSSocketOptions only.
  const options: ConnectionOptions & Pick<TLSSocketOptions, 'requestOCSP'> = {
    host: '127.0.0.1',
    port,
    ca: root,
    checkServerIdentity: () => undefined,
    minVersion: profile.protocol,
    maxVersion: profile.protocol,
    ciphers: profile.clientCiphers,
    // Our EVCC's key shares: with a share the SECC does not take, TLS 1.3 needs a HelloRetryRequest, after which Node
    // sends no staple (see crypto/ocsp/stapler.ts).
    ...(profile.clientCurves ? { ecdhCurve: profile.clientCurves } : {}),
    ...(profile.sigalgs ? { sigalgs: profile.sigalgs } : {}),
    requestOCSP,
  };
  const socket = connect(options);
  let stapled: Buffer | null | undefined;
  socket.on('OCSPResponse', (response: Buffer | null) => (stapled = response));
  try {
    await within(new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject)), `${version} handshake`, 10_000);
    return stapled;
  } finally {
    socket.destroy();
  }
}
