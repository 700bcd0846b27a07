/**
 * The test PKI on disk, so an SECC simulator and an EVCC simulator in separate processes share one V2G root:
 * `<Name>.pem` (certificate) and `<Name>.key` (PKCS#8 private key, mode 0600) per certificate, with the file names
 * of the RISE-V2G script (V2GRootCA, CPOSubCA1, CPOSubCA2, SECCCert).
 */
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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
export const MISSING = 'file missing';

/**
 * Where the test PKI lives by default: a folder of this user's alone, as it holds private keys that an SECC and an
 * EVCC on one host share. `$XDG_RUNTIME_DIR` is such a folder already; elsewhere `kopher-v2g-<uid>` in the temporary
 * folder is made one (0700, and refused when another user made it first).
 */
export function defaultTestPkiDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'kopher-v2g') : join(tmpdir(), `kopher-v2g-${process.getuid?.() ?? 'user'}`);
  return join(base, 'test-pki');
}

/**
 * Makes `dir` (and missing parents) with mode 0700 and checks it is this user's alone: a folder another user owns,
 * or one that group or others may enter, could hand us their V2G root or read our keys, so it is a PkiError.
 */
export async function ensurePrivateFolder(dir: string): Promise<void> {
  const uid = process.getuid?.();
  const info = await madeFolder(dir);
  if (uid === undefined) return;
  if (!info.isDirectory()) throw new PkiError(dir, 'not a folder (a symbolic link or a file is refused for private keys)');
  if (info.uid !== uid) throw new PkiError(dir, `owned by uid ${info.uid}, not by this user (uid ${uid}): refused for private keys`);
  if ((info.mode & 0o077) !== 0) {
    throw new PkiError(dir, `mode ${(info.mode & 0o777).toString(8)} lets group or others in: refused for private keys (chmod 700)`);
  }
}

/** mkdir and lstat, once more where another process replacing the folder (replaceFolder) had it away between them. */
async function madeFolder(dir: string, attempts = 3): Promise<Stats> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return await lstat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempts <= 1) throw e;
    return madeFolder(dir, attempts - 1);
  }
}

export async function saveTestPki(pki: TestPki, dir: string): Promise<void> {
  await ensurePrivateFolder(dir);
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
  await ensurePrivateFolder(dir);
  const entries = await Promise.all(ROLES.map(async (role) => [role, await loadIssued(join(dir, FILE_NAMES[role]))] as const));
  return Object.fromEntries(entries) as Record<CpoChainRole, IssuedCertificate>;
}

/**
 * The PKI in `dir`, generated and saved there first when a file is missing or a certificate has expired (the SECC
 * leaf lives 60 days, so a kept folder goes stale). A malformed file is an error, never silently overwritten.
 */
export async function loadOrCreateTestPki(dir: string, options: TestPkiOptions = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const usable = async (): Promise<TestPki | undefined> => {
    const pki = await loadTestPki(dir).catch((e: unknown) => {
      if (e instanceof PkiError && e.reason === MISSING) return undefined;
      throw e;
    });
    return pki && ROLES.every((role) => new Date(new X509Certificate(pki[role].der).validTo) > now) ? pki : undefined;
  };
  const existing = await usable();
  if (existing) return existing;
  await refuseForeignFiles(dir);
  const pki = await generateTestPki({ ...options, now });
  return (await replaceFolder(dir, (staging) => saveTestPki(pki, staging), usable)) ?? pki;
}

/**
 * Regenerating replaces the whole folder; one that holds more than this PKI's files (a lab PKI written by `pki init`,
 * whose MO and OEM chains would go with it) is left alone and named instead.
 */
async function refuseForeignFiles(dir: string): Promise<void> {
  const own = new Set(ROLES.flatMap((role) => [`${FILE_NAMES[role]}.pem`, `${FILE_NAMES[role]}.key`]));
  const foreign = (await readdir(dir).catch(() => [])).filter((name) => !own.has(name));
  if (foreign.length > 0) throw new PkiError(dir, `a certificate has expired, and the folder holds more than the test PKI (${foreign[0]}, …): renew it with 'kopher-v2g pki init' into a new folder`);
}

/**
 * Writes a whole folder beside `dir` and renames it into place, so that processes starting together never read one
 * PKI's root with another's leaf: each sees the old folder or a new one, never a mix. Where another process has put
 * a usable PKI in place meanwhile, that one is kept and returned instead.
 */
async function replaceFolder(dir: string, write: (staging: string) => Promise<void>, usable: () => Promise<TestPki | undefined>): Promise<TestPki | undefined> {
  const staging = await mkdtemp(join(dirname(dir), `.${basename(dir)}-`));
  try {
    await write(staging);
    const theirs = await usable();
    if (theirs) return theirs;
    // Renamed onto an empty folder, ours replaces it in one step; onto another process's whole PKI, it fails
    // (ENOTEMPTY), and that one is used. Only a stale or broken folder is moved aside first.
    const old = `${staging}-old-${randomBytes(4).toString('hex')}`;
    const empty = (await readdir(dir).catch(() => [])).length === 0;
    if (!empty) await rename(dir, old).catch(unless('ENOENT'));
    try {
      await rename(staging, dir);
    } catch (e) {
      // Another process put its folder in place between the two renames: keep that one.
      unless('ENOTEMPTY', 'EEXIST')(e);
      return await usable();
    } finally {
      await rm(old, { recursive: true, force: true });
    }
    return undefined;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Swallows an error of one of `codes`; rethrows any other. */
function unless(...codes: string[]): (e: unknown) => void {
  return (e) => {
    if (!codes.includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  };
}

/** `<base>.pem` and its key `<base>.key`; a missing or malformed file is a PkiError naming it. */
export async function loadIssued(base: string): Promise<IssuedCertificate> {
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
