/**
 * A lab PKI on disk, what `kopher-v2g pki init` writes: per certificate `<Name>.pem` and its PKCS#8 key `<Name>.key`
 * (mode 0600, in a folder of this user's alone), the chains each party presents (`<Chain>Chain.pem`, leaf first, root
 * left out), and for every CA an OpenSSL CA database (`ocsp/<CA>.index.txt`) listing what it issued as valid, so
 * `openssl ocsp -index ocsp/MOSubCA2.index.txt -CA MOSubCA2.pem -rsigner MOSubCA2OCSPSigner.pem
 * -rkey MOSubCA2OCSPSigner.key -port N` answers for them at once (revoking is `openssl ca -revoke` on that file).
 * The CPO files have the names loadTestPki reads, so `secc --pki DIR` serves an ISO 15118-2 lab PKI's SECC chain.
 */
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PkiError } from '../errors.js';
import { CA_DATABASE_ATTRIBUTES, caDatabaseEntryOf, caDatabaseLine } from './ca-database.js';
import type { IssuedCertificate, LabCertificates, LabPki } from './lab-pki.js';
import { keyAlgorithmOf } from '../x509/key-pair.js';
import { ensurePrivateFolder, loadIssued, MISSING } from './store.js';
import { CA_ROLES, PKI_PROFILES, ROLES, type CaRole, type CertificateRole, type PkiProfile } from './profiles.js';

const PRIVATE_KEY_MODE = 0o600;

/** Each party's chain as it sends it: leaf, Sub-CA 2, Sub-CA 1. */
const CHAINS: Readonly<Record<string, readonly CertificateRole[]>> = {
  SECCChain: ['seccLeaf', 'cpoSubCa2', 'cpoSubCa1'],
  SAProvisioningChain: ['saProvisioningLeaf', 'cpsSubCa2', 'cpsSubCa1'],
  ContractChain: ['contractLeaf', 'moSubCa2', 'moSubCa1'],
  OEMProvChain: ['oemProvisioningLeaf', 'oemSubCa2', 'oemSubCa1'],
  VehicleChain: ['vehicleLeaf', 'oemSubCa2', 'oemSubCa1'],
};

export interface WrittenFile {
  readonly path: string;
  /** What it holds: a role's title, a chain, a CA database. */
  readonly what: string;
}

/**
 * Writes `pki` into `dir`, made private first (ensurePrivateFolder). A folder that already holds PEM or key files is
 * refused with a PkiError: a lab's root is never overwritten by accident.
 */
export async function saveLabPki(pki: LabPki, dir: string): Promise<WrittenFile[]> {
  await ensurePrivateFolder(dir);
  const existing = (await readdir(dir)).filter((f) => /\.(pem|key)$/.test(f));
  if (existing.length > 0) throw new PkiError(dir, `already holds ${existing.length} PEM or key files (${existing[0]}, …): choose an empty folder`);
  const written: WrittenFile[] = [];
  const write = async (name: string, text: string, what: string, mode?: number): Promise<void> => {
    const path = join(dir, name);
    await writeFile(path, text, mode === undefined ? {} : { mode });
    // writeFile's mode applies only when it creates the file.
    if (mode !== undefined) await chmod(path, mode);
    written.push({ path, what });
  };
  const certificates = Object.entries(pki.certificates) as [CertificateRole, IssuedCertificate][];
  for (const [role, issued] of certificates) {
    const { fileName, title } = ROLES[role];
    await write(`${fileName}.pem`, issued.pem, title);
    await write(`${fileName}.key`, issued.privateKeyPem, `${title}: private key`, PRIVATE_KEY_MODE);
  }
  for (const [name, roles] of Object.entries(CHAINS)) {
    const chain = roles.map((r) => pki.certificates[r as keyof LabPki['certificates']]);
    if (chain.every((c) => c !== undefined)) await write(`${name}.pem`, chain.map((c) => c!.pem).join(''), `${ROLES[roles[0]!].title} chain`);
  }
  await mkdir(join(dir, 'ocsp'), { mode: 0o700, recursive: true });
  for (const ca of Object.keys(CA_ROLES) as CaRole[]) {
    const issuedBy = certificates.filter(([role]) => ROLES[role].issuer === ca);
    await write(join('ocsp', `${CA_ROLES[ca].fileName}.index.txt`), issuedBy.map(([, c]) => caDatabaseLine(caDatabaseEntryOf(c.der))).join(''), `CA database of the ${CA_ROLES[ca].title}`);
    await write(join('ocsp', `${CA_ROLES[ca].fileName}.index.txt.attr`), CA_DATABASE_ATTRIBUTES, `attributes of the ${CA_ROLES[ca].title}'s CA database`);
  }
  return written;
}

/**
 * A lab PKI saved by saveLabPki (`pki init DIR`): every certificate of its profile with its key, the profile told by
 * the V2G root's key; the -20 vehicle leaf where the folder has one. A missing or malformed file is a PkiError.
 */
export async function loadLabPki(dir: string): Promise<LabPki> {
  const at = (role: CertificateRole): string => join(dir, ROLES[role].fileName);
  const root = await loadIssued(at('v2gRootCa'));
  const keyAlgorithm = keyAlgorithmOf(new X509Certificate(root.der).publicKey);
  const profile = (Object.values(PKI_PROFILES) as PkiProfile[]).find((p) => keyAlgorithm !== undefined && p.keyAlgorithms.includes(keyAlgorithm));
  if (!profile || !keyAlgorithm) throw new PkiError(`${at('v2gRootCa')}.pem`, 'its key is none of a V2G profile\'s (P-256, P-521, Ed448)');
  const entries = await Promise.all(
    profile.roles.map(async (role) => {
      const issued = await loadIssued(at(role)).catch((e: unknown) => {
        // The vehicle's TLS leaf is optional in a -20 lab.
        if (role === 'vehicleLeaf' && e instanceof PkiError && e.reason === MISSING) return undefined;
        throw e;
      });
      return [role, issued] as const;
    }),
  );
  const certificates = Object.fromEntries(entries.filter(([, issued]) => issued !== undefined)) as unknown as LabCertificates;
  return { profile: profile.name, keyAlgorithm, certificates };
}
