/**
 * The SECC's (or its backend's) check of a contract certificate chain as the EV sends it in PaymentDetailsReq or
 * CertificateUpdateReq: leaf first, then its Sub-CAs, ending at one of the MO roots the checker trusts. Pure: no
 * revocation (contract-revocation.ts), no clock but `at`.
 *
 * Checked, each failure answered with the response code ISO 15118-2 gives the EV:
 * - a chain at all (FAILED_NoCertificateAvailable), of at most two Sub-CAs (the V2G PKIs' depth: Sub-CA 1 has
 *   pathLen 1, Sub-CA 2 pathLen 0, so a third could never verify);
 * - every certificate one of the profile's keys and signature algorithms (-2: P-256 with ECDSA-SHA256; -20: P-521
 *   with ECDSA-SHA512 or Ed448), the profile told by the leaf's key;
 * - each certificate issued and signed by the next, the last by a trusted MO root (FAILED_CertChainError);
 * - the leaf not a CA and able to sign (digitalSignature: it signs AuthorizationReq and MeteringReceiptReq), every CA
 *   with CA:true and keyCertSign, and no CA's pathLen smaller than the CAs below it (RFC 5280 §4.2.1.9);
 * - every certificate, the root included, valid at `at`: an expired one is FAILED_CertificateExpired;
 * - the leaf's CN an eMAID (ISO 15118-2 Annex H), which is what the contract authorizes.
 */
import { X509Certificate } from 'node:crypto';
import { PkiError } from '../errors.js';
import { algorithmProblems, EMAID_PATTERN, profileOfKey } from '../pki/certificate-check.js';
import { PKI_PROFILES, type PkiProfileName } from '../pki/profiles.js';
import { readCertificate, type CertificateInfo } from '../x509/certificate-info.js';

export type ContractChainFailure = 'FAILED_CertChainError' | 'FAILED_CertificateExpired' | 'FAILED_NoCertificateAvailable';

export type ContractChainVerdict =
  | {
      readonly ok: true;
      /** The leaf's CN as written (separators kept). */
      readonly emaid: string;
      /** The leaf's notAfter: a contract close to it is answered OK_CertificateExpiresSoon. */
      readonly expiresAt: Date;
    }
  | { readonly ok: false; readonly code: ContractChainFailure; readonly reason: string };

/** Leaf and two Sub-CAs: the deepest chain the V2G PKIs' pathLens allow below a root. */
export const MAX_CONTRACT_CHAIN_LENGTH = 3;

const NAMES = ['contract leaf', 'Sub-CA 2', 'Sub-CA 1'];

interface Link {
  readonly what: string;
  readonly info: CertificateInfo;
  readonly x509: X509Certificate;
}

class ChainFailure extends Error {
  constructor(
    readonly code: ContractChainFailure,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * `chain`: DER, leaf first, each certificate followed by its issuer; `moRoots`: DER of the trusted MO roots;
 * `profile`: the standard whose messages carried it, where that is known (else the leaf's key tells).
 */
export function verifyContractChain(chain: readonly Uint8Array[], moRoots: readonly Uint8Array[], at: Date, profile?: PkiProfileName): ContractChainVerdict {
  return verdict(() => {
    const leaf = verifiedLeaf(chain, moRoots, at, NAMES, profile);
    const emaid = leaf.commonName;
    if (emaid === undefined || !EMAID_PATTERN.test(emaid)) throw broken(`the contract leaf's CN ${emaid ?? '(none)'} is not an eMAID (CC-PPP-IIIIIIIII[-C])`);
    return { ok: true, emaid, expiresAt: leaf.notAfter };
  });
}

/**
 * The same checks for another branch's chain (an OEM provisioning chain to an OEM root, an SA provisioning chain to a
 * V2G root), without the eMAID: the leaf as read where the chain holds.
 */
export function verifyCertificateChain(
  chain: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  at: Date,
  profile?: PkiProfileName,
): { readonly ok: true; readonly leaf: CertificateInfo } | { readonly ok: false; readonly code: ContractChainFailure; readonly reason: string } {
  return verdict(() => ({ ok: true, leaf: verifiedLeaf(chain, roots, at, ['leaf', 'Sub-CA 2', 'Sub-CA 1'], profile) }));
}

/** The eMAID as -2 messages carry it (eMAIDType: 14 or 15 characters): without separators, in capitals. */
export function normalizeEmaid(emaid: string): string {
  return emaid.replaceAll('-', '').toUpperCase();
}

function verdict<T extends { readonly ok: true }>(check: () => T): T | { readonly ok: false; readonly code: ContractChainFailure; readonly reason: string } {
  try {
    return check();
  } catch (e) {
    if (e instanceof ChainFailure) return { ok: false, code: e.code, reason: e.reason };
    throw e;
  }
}

function verifiedLeaf(chain: readonly Uint8Array[], roots: readonly Uint8Array[], at: Date, names: readonly string[], expected: PkiProfileName | undefined): CertificateInfo {
  if (chain.length === 0) throw new ChainFailure('FAILED_NoCertificateAvailable', 'no certificate');
  if (chain.length > MAX_CONTRACT_CHAIN_LENGTH) throw broken(`${chain.length - 1} Sub-CAs; a chain has at most ${MAX_CONTRACT_CHAIN_LENGTH - 1}`);
  const links = chain.map((der, i) => read(der, names[i]!));
  const leaf = links[0]!;
  const profileName = expected ?? profileOfKey(leaf.info.key);
  if (profileName === undefined) throw broken(`the ${leaf.what}'s key is ${leaf.info.key}: neither ISO 15118-2 (P-256) nor ISO 15118-20 (P-521, Ed448)`);
  const profile = PKI_PROFILES[profileName];
  for (const link of links) {
    const problems = algorithmProblems(link.info, profile);
    if (problems.length) throw broken(`${link.what}: ${problems.join('; ')}`);
  }
  links.forEach((link, i) => {
    const issuer = links[i + 1];
    if (issuer) checkLink(link, issuer);
  });
  const root = rootOf(links.at(-1)!, roots);
  checkProfile(links, root);
  for (const link of [...links, root]) checkValidity(link, at);
  return leaf.info;
}

const broken = (reason: string): ChainFailure => new ChainFailure('FAILED_CertChainError', reason);

function read(der: Uint8Array, what: string): Link {
  try {
    return { what, info: readCertificate(der, what), x509: new X509Certificate(der) };
  } catch (e) {
    if (e instanceof PkiError) throw broken(e.message);
    throw e;
  }
}

function checkLink(link: Link, issuer: Link): void {
  if (link.info.issuer !== issuer.info.subject) throw broken(`${link.what} is issued by ${link.info.issuer}, not by the next certificate (${issuer.info.subject})`);
  if (!link.x509.verify(issuer.x509.publicKey)) throw broken(`${link.what}'s signature does not verify with the key of ${issuer.info.subject}`);
}

/** The trusted root that issued and signed the chain's last certificate. */
function rootOf(last: Link, roots: readonly Uint8Array[]): Link {
  const named = roots.map((der, i) => read(der, `root ${i + 1}`)).filter((root) => root.info.subject === last.info.issuer);
  if (named.length === 0) throw broken(`${last.what} is issued by ${last.info.issuer}, which is none of the ${roots.length} trusted roots`);
  const signer = named.find((root) => last.x509.verify(root.x509.publicKey));
  if (!signer) throw broken(`${last.what}'s signature does not verify with the key of the trusted root ${last.info.issuer}`);
  return signer;
}

function checkProfile(links: readonly Link[], root: Link): void {
  const [leaf, ...subCas] = links;
  if (leaf!.info.basicConstraints?.ca) throw broken(`the ${leaf!.what} is a CA (basicConstraints CA:true)`);
  if (!leaf!.info.keyUsage?.usages.includes('digitalSignature')) throw broken(`the ${leaf!.what}'s keyUsage ${leaf!.info.keyUsage ? 'lacks digitalSignature' : 'is missing'}`);
  [...subCas, root].forEach((ca, i) => {
    const constraints = ca.info.basicConstraints;
    if (!constraints?.ca) throw broken(`${ca.what} (${ca.info.subject}) is not a CA (basicConstraints ${constraints ? 'CA:false' : 'missing'})`);
    if (!ca.info.keyUsage?.usages.includes('keyCertSign')) throw broken(`${ca.what}'s keyUsage ${ca.info.keyUsage ? 'lacks keyCertSign' : 'is missing'}`);
    // `i` CAs lie between this one and the leaf; a root's own pathLen counts the Sub-CAs under it alike.
    if (constraints.pathLen !== undefined && constraints.pathLen < i) throw broken(`${ca.what} has pathLen ${constraints.pathLen} but ${i} CAs below it`);
  });
}

/**
 * Expired is FAILED_CertificateExpired: the EV can act on it (CertificateUpdate). A certificate not yet valid gets
 * FAILED_CertChainError: -2 has no code for it, and "expired" would send the EV to replace a contract that is new,
 * when the fault is a clock (OCPP 2.0.1 C07.FR.17 likewise answers a chain that does not verify now CertChainError).
 */
function checkValidity(link: Link, at: Date): void {
  if (at > link.info.notAfter) throw new ChainFailure('FAILED_CertificateExpired', `${link.what} (${link.info.subject}) expired on ${link.info.notAfter.toISOString()}`);
  if (at < link.info.notBefore) throw broken(`${link.what} (${link.info.subject}) is not valid before ${link.info.notBefore.toISOString()}`);
}

/**
 * A leaf sent alone (the -2 CertificateInstallationReq carries only the OEM provisioning certificate) completed with
 * its Sub-CAs from `pool`: each next certificate is the one that names and signs the last, until none does.
 */
export function completeChain(leaf: Uint8Array, pool: readonly Uint8Array[]): Uint8Array[] {
  let first: X509Certificate;
  try {
    first = new X509Certificate(leaf);
  } catch {
    // Not a certificate: verifyCertificateChain says so with the response code.
    return [leaf];
  }
  const candidates = pool.map((der) => ({ der, x509: new X509Certificate(der) }));
  const chain = [{ der: leaf, x509: first }];
  while (chain.length < MAX_CONTRACT_CHAIN_LENGTH) {
    const last = chain.at(-1)!.x509;
    const issuer = candidates.find((c) => !chain.includes(c) && last.checkIssued(c.x509) && last.verify(c.x509.publicKey));
    if (!issuer) break;
    chain.push(issuer);
  }
  return chain.map((c) => c.der);
}
