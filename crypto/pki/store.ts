/**
 * The test PKI on disk, so an SECC simulator and an EVCC simulator in separate processes share one V2G root:
 * `<Name>.pem` (certificate) and `<Name>.key` (PKCS#8 private key, mode 0600) per certificate, with the file names
 * of the RISE-V2G script (V2GRootCA, CPOSubCA1, CPOSubCA2, SECCCert).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PkiError } from '../errors.js';
import { pemToDer } from '../pem.js';
import type { CpoChainRole } from './profiles.js';
import { generateTestPki, type IssuedCertificate, type TestPki, type TestPkiOptions } from './test-pki.js';

const FILE_NAMES: Readonly<Record<CpoChainRole, string>> = {
  v2gRootCa: 'V2GRootCA',
  cpoSubCa1: 'CPOSubCA1',
  cpoSubCa2: 'CPOSubCA2',
  seccLeaf: 'SECCCert',
};
const ROLES = Object.keys(FILE_NAMES) as CpoChainRole[];
const PRIVATE_KEY_MODE = 0o600;
/** The reason loadOrCreateTestPki tells apart from a malformed file. */
const MISSING = 'file missing';

export async function saveTestPki(pki: TestPki, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const role of ROLES) {
    const base = join(dir, FILE_NAMES[role]);
    await writeFile(`${base}.pem`, pki[role].pem);
    await writeFile(`${base}.key`, pki[role].privateKeyPem, { mode: PRIVATE_KEY_MODE });
    // writeFile's mode applies only when it creates the file; an older key file keeps its mode without this.
    await chmod(`${base}.key`, PRIVATE_KEY_MODE);
  }
}

/** Reads a PKI saved by saveTestPki; a missing or malformed file is a PkiError naming it. */
export async function loadTestPki(dir: string): Promise<TestPki> {
  const entries = await Promise.all(ROLES.map(async (role) => [role, await loadIssued(join(dir, FILE_NAMES[role]))] as const));
  return Object.fromEntries(entries) as Record<CpoChainRole, IssuedCertificate>;
}

/**
 * The PKI in `dir`, generated and saved there first when a file is missing or a certificate has expired (the SECC
 * leaf lives 60 days, so a kept folder goes stale). A malformed file is an error, never silently overwritten.
 */
export async function loadOrCreateTestPki(dir: string, options: TestPkiOptions = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const existing = await loadTestPki(dir).catch((e: unknown) => {
    if (e instanceof PkiError && e.reason === MISSING) return undefined;
    throw e;
  });
  if (existing && ROLES.every((role) => new Date(new X509Certificate(existing[role].der).validTo) > now)) return existing;
  const pki = await generateTestPki({ ...options, now });
  await saveTestPki(pki, dir);
  return pki;
}


async function loadIssued(base: string): Promise<IssuedCertificate> {
  const pem = await readText(`${base}.pem`);
  const privateKeyPem = await readText(`${base}.key`);
  const der = pemToDer('CERTIFICATE', pem, `${base}.pem`);
  try {
    new X509Certificate(der);
  } catch (e) {
    throw new PkiError(`${base}.pem`, `not an X.509 certificate (${(e as Error).message})`);
  }
  try {
    createPrivateKey(privateKeyPem);
  } catch (e) {
    throw new PkiError(`${base}.key`, `not a private key (${(e as Error).message})`);
  }
  return { pem, der, privateKeyPem };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new PkiError(path, MISSING);
    throw new PkiError(path, `unreadable (${(e as Error).message})`);
  }
}
