/**
 * What a certificate is in a V2G PKI and what is wrong with it: its role (V2G root, CPO Sub-CA 2, contract leaf, …)
 * is told from its domainComponent, basicConstraints, key usages and whether it issued itself; its standard from its
 * key (P-256: ISO 15118-2; P-521 or Ed448: -20). Then it is held against that role's profile (profiles.ts): key and
 * signature algorithm, critical basicConstraints and keyUsage with the profile's values, the key identifiers, the
 * name rules (DC; CN = eMAID on a contract leaf), the size a message allows, and whether it is valid at `now`.
 */
import { X509Certificate } from 'node:crypto';
import { readCertificate, type CertificateInfo } from '../x509/certificate-info.js';
import type { KeyAlgorithm } from '../x509/key-pair.js';
import { CA_ROLES, PKI_PROFILES, ROLES, type CaRole, type CertificateRole, type PkiProfile, type PkiProfileName, type RoleDefinition } from './profiles.js';

export interface CertificateCheck {
  readonly info: CertificateInfo;
  /** Undefined where nothing in the certificate tells its role. */
  readonly role: CertificateRole | undefined;
  /** `SECC leaf`, `OCSP signer of the MO Sub-CA 2`, `unknown role`. */
  readonly title: string;
  readonly profile: PkiProfileName | undefined;
  /** Empty: the certificate fits its role's profile and is valid now. */
  readonly problems: readonly string[];
}

export interface CheckOptions {
  readonly now?: Date;
  /** Hold it against this standard's profile instead of the one its key suggests. */
  readonly profile?: PkiProfileName;
}

const SIGNATURES: Readonly<Record<KeyAlgorithm, string>> = { 'P-256': 'ecdsa-with-SHA256', 'P-521': 'ecdsa-with-SHA512', Ed448: 'Ed448' };
/** The eMAID with or without its '-' separators and optional check character (ISO 15118-2 Annex H). */
export const EMAID_PATTERN = /^[A-Z]{2}-?[A-Z0-9]{3}-?[A-Z0-9]{9}(-?[A-Z0-9])?$/i;

export function checkCertificate(der: Uint8Array, where: string, options: CheckOptions = {}): CertificateCheck {
  const info = readCertificate(der, where);
  const now = options.now ?? new Date();
  const profileName = options.profile ?? profileOfKey(info.key);
  const profile = profileName && PKI_PROFILES[profileName];
  const role = roleOf(info, profileName);
  const problems: string[] = [];
  if (!profile) problems.push(`key is ${info.key}: neither ISO 15118-2 (P-256) nor ISO 15118-20 (P-521, Ed448)`);
  else problems.push(...algorithmProblems(info, profile));
  if (role === undefined) problems.push(`no role of the V2G PKIs fits (DC=${info.domainComponents.join(',') || 'none'}, ${info.basicConstraints?.ca ? 'CA' : 'not a CA'})`);
  else if (profile && !profile.roles.includes(role)) problems.push(`${profile.title} has no ${ROLES[role].title}`);
  else problems.push(...profileProblems(info, ROLES[role!], role!));
  if (info.version !== 3) problems.push(`X.509 version ${info.version}; the profiles require version 3`);
  if (now < info.notBefore) problems.push(`not valid before ${info.notBefore.toISOString()}`);
  if (now > info.notAfter) problems.push(`expired on ${info.notAfter.toISOString()}`);
  if (profile && der.length > profile.maxCertificateBytes) problems.push(`${der.length} bytes: more than the ${profile.maxCertificateBytes} a ${profile.title} message carries`);
  // Every CA of a branch has the same signer profile; which CA issued this one, only its issuer's name says.
  const title = role === undefined ? 'unknown role' : info.extendedKeyUsage?.includes('ocspSigning') ? `OCSP signer of ${info.issuerCommonName ?? 'its issuer'}` : ROLES[role].title;
  return { info, role, title, profile: profileName, problems };
}

export function profileOfKey(key: string): PkiProfileName | undefined {
  return (Object.values(PKI_PROFILES) as PkiProfile[]).find((p) => p.keyAlgorithms.includes(key as KeyAlgorithm))?.name;
}

/** What is wrong with a certificate's key and signature algorithm for `profile` (none: both are the profile's). */
export function algorithmProblems(info: CertificateInfo, profile: PkiProfile): string[] {
  const problems: string[] = [];
  if (!profile.keyAlgorithms.includes(info.key as KeyAlgorithm)) problems.push(`key is ${info.key}; ${profile.title} uses ${profile.keyAlgorithms.join(' or ')}`);
  const allowed = profile.keyAlgorithms.map((k) => SIGNATURES[k]);
  if (!allowed.includes(info.signatureAlgorithm)) problems.push(`signed with ${info.signatureAlgorithm}; ${profile.title} uses ${allowed.join(' or ')}`);
  return problems;
}

/** The CAs of each domainComponent; CPS Sub-CAs hang under the V2G root, so DC=CPS has no root of its own. */
const CA_BRANCHES: Readonly<Record<string, { readonly root?: CaRole; readonly subCa1: CaRole; readonly subCa2: CaRole }>> = {
  V2G: { root: 'v2gRootCa', subCa1: 'cpoSubCa1', subCa2: 'cpoSubCa2' },
  CPS: { subCa1: 'cpsSubCa1', subCa2: 'cpsSubCa2' },
  MO: { root: 'moRootCa', subCa1: 'moSubCa1', subCa2: 'moSubCa2' },
  OEM: { root: 'oemRootCa', subCa1: 'oemSubCa1', subCa2: 'oemSubCa2' },
};

/**
 * The role whose profile this certificate claims: OCSP signers by their extendedKeyUsage, roots by issuing
 * themselves, Sub-CAs by pathLen (1: Sub-CA 1, else Sub-CA 2), leafs by their DC; DC=OEM leafs by keyAgreement
 * (the provisioning leaf's key takes part in the contract key's encryption; the -20 vehicle TLS leaf's does not).
 */
function roleOf(info: CertificateInfo, profile: PkiProfileName | undefined): CertificateRole | undefined {
  const dc = info.domainComponents[0];
  if (info.extendedKeyUsage?.includes('ocspSigning')) {
    const ca = (Object.keys(CA_ROLES) as CaRole[]).find((r) => CA_ROLES[r].domainComponent === info.issuerDomainComponents[0]);
    return ca && `${ca}OcspSigner`;
  }
  if (info.basicConstraints?.ca) {
    const branch = CA_BRANCHES[dc ?? ''];
    if (branch === undefined) return undefined;
    if (info.selfIssued) return branch.root;
    return info.basicConstraints.pathLen === 1 ? branch.subCa1 : branch.subCa2;
  }
  switch (dc) {
    case 'CPO':
      return 'seccLeaf';
    case 'CPS':
      return 'saProvisioningLeaf';
    case 'MO':
      return 'contractLeaf';
    case 'OEM':
      return profile === 'iso20' && !info.keyUsage?.usages.includes('keyAgreement') ? 'vehicleLeaf' : 'oemProvisioningLeaf';
    default:
      return undefined;
  }
}

function profileProblems(info: CertificateInfo, expected: RoleDefinition, role: CertificateRole): string[] {
  const problems: string[] = [];
  if (!info.domainComponents.includes(expected.domainComponent)) problems.push(`subject lacks DC=${expected.domainComponent}`);
  if (!info.commonName) problems.push('subject has no CN');
  const bc = info.basicConstraints;
  const want = expected.basicConstraints;
  if (!bc) problems.push('basicConstraints missing');
  else {
    if (!bc.critical) problems.push('basicConstraints not critical');
    if (bc.ca !== want.ca) problems.push(`basicConstraints CA:${bc.ca}; the profile has CA:${want.ca}`);
    const wantPathLen = want.ca ? want.pathLen : undefined;
    if (want.ca && bc.pathLen !== wantPathLen) problems.push(`pathLen ${bc.pathLen ?? 'absent'}; the profile has ${wantPathLen ?? 'none'}`);
  }
  const ku = info.keyUsage;
  if (!ku) problems.push('keyUsage missing');
  else {
    if (!ku.critical) problems.push('keyUsage not critical');
    const missing = expected.keyUsage.filter((u) => !ku.usages.includes(u));
    const extra = ku.usages.filter((u) => !expected.keyUsage.includes(u));
    if (missing.length || extra.length) problems.push(`keyUsage is ${ku.usages.join(', ') || 'empty'}; the profile has ${expected.keyUsage.join(', ')}`);
  }
  if (!info.subjectKeyIdentifier) problems.push('subjectKeyIdentifier missing');
  if (expected.issuer && !info.authorityKeyIdentifier) problems.push('authorityKeyIdentifier missing');
  if (!expected.issuer && !info.selfSigned) problems.push('a root whose own key does not verify its signature');
  if (expected.issuer && info.selfIssued) problems.push(`issued by itself, but a ${expected.title} is issued by a ${ROLES[expected.issuer].title}`);
  if (role === 'contractLeaf' && info.commonName && !EMAID_PATTERN.test(info.commonName)) problems.push(`CN ${info.commonName} is not an eMAID (CC-PPP-IIIIIIIII[-C])`);
  if (expected.extendedKeyUsage && !info.ocspNoCheck) problems.push('id-pkix-ocsp-nocheck missing on a delegated OCSP signer');
  return problems;
}

/**
 * A chain as a party sends it (leaf first, each certificate followed by its issuer): for each certificate, what is
 * wrong with its link to the next one; the last has none to check.
 */
export function chainLinkProblems(ders: readonly Uint8Array[]): string[][] {
  const certificates = ders.map((der) => new X509Certificate(der));
  return certificates.map((certificate, i) => {
    const issuer = certificates[i + 1];
    if (!issuer) return [];
    if (!certificate.checkIssued(issuer)) return [`not issued by the next certificate in the chain (${issuer.subject.split('\n').find((f) => f.startsWith('CN=')) ?? 'no CN'})`];
    return certificate.verify(issuer.publicKey) ? [] : ['its signature does not verify with the next certificate\'s key'];
  });
}
