/**
 * The certificate profiles of the V2G PKIs, role by role, as ISO 15118-2's certificate profiles set them and the open
 * stacks' generation scripts (RISE-V2G, Josev) apply them:
 *
 *   V2G root -> CPO Sub-CA 1 -> CPO Sub-CA 2 -> SECC leaf (DC=CPO; the TLS server)
 *   V2G root -> CPS Sub-CA 1 -> CPS Sub-CA 2 -> SA provisioning leaf (DC=CPS; signs CertificateInstallation/UpdateRes)
 *   MO root  -> MO Sub-CA 1  -> MO Sub-CA 2  -> contract leaf (DC=MO, CN = eMAID)
 *   OEM root -> OEM Sub-CA 1 -> OEM Sub-CA 2 -> OEM provisioning leaf (DC=OEM, CN = PCID) [-20: and the vehicle's TLS leaf]
 *
 * and one delegated OCSP signer under every CA (RFC 6960 §4.2.2.2), so a responder can answer for each link.
 * basicConstraints and keyUsage are critical; Sub-CA 1 has pathLen 1 and Sub-CA 2 pathLen 0, so a chain holds at
 * most two Sub-CAs (the EVCC accepts no more). Validity periods are those of the generation scripts; the standard
 * allows ranges (root up to 40 years, SECC leaf 2-3 months, contract 4 weeks to 2 years).
 *
 * ISO 15118-20's profile text is not public: its names, key usages, pathLens and validities are taken to be the -2
 * ones (unverified); what differs and is known from fielded chains is the key (secp521r1 with SHA-512, or Ed448), the
 * 1600 bytes a -20 message allows a certificate, and the vehicle's own TLS client certificate under the OEM root.
 */
import type { BasicConstraintsProfile, ExtendedKeyUsage, KeyUsage } from '../x509/extensions.js';
import type { KeyAlgorithm } from '../x509/key-pair.js';
import type { DomainComponent } from '../x509/names.js';

export type PkiProfileName = 'iso2' | 'iso20';
export type CaRole = 'v2gRootCa' | 'cpoSubCa1' | 'cpoSubCa2' | 'cpsSubCa1' | 'cpsSubCa2' | 'moRootCa' | 'moSubCa1' | 'moSubCa2' | 'oemRootCa' | 'oemSubCa1' | 'oemSubCa2';
export type LeafRole = 'seccLeaf' | 'saProvisioningLeaf' | 'contractLeaf' | 'oemProvisioningLeaf' | 'vehicleLeaf';
export type OcspSignerRole = `${CaRole}OcspSigner`;
export type CertificateRole = CaRole | LeafRole | OcspSignerRole;
export type CpoChainRole = 'v2gRootCa' | 'cpoSubCa1' | 'cpoSubCa2' | 'seccLeaf';

export interface RoleProfile {
  readonly domainComponent: DomainComponent;
  readonly basicConstraints: BasicConstraintsProfile;
  readonly keyUsage: readonly KeyUsage[];
  readonly extendedKeyUsage?: readonly ExtendedKeyUsage[];
  readonly validityDays: number;
}

export interface RoleDefinition extends RoleProfile {
  /** Absent for a root. */
  readonly issuer?: CaRole;
  /** What `pki show` calls it. */
  readonly title: string;
  /** `<fileName>.pem` and `<fileName>.key` in a PKI folder. */
  readonly fileName: string;
}

const CA_KEY_USAGE: readonly KeyUsage[] = ['keyCertSign', 'cRLSign'];
const root = (dc: DomainComponent, title: string, fileName: string): RoleDefinition => ({
  domainComponent: dc,
  basicConstraints: { ca: true },
  keyUsage: CA_KEY_USAGE,
  validityDays: 3650,
  title,
  fileName,
});
const subCa = (issuer: CaRole, dc: DomainComponent, pathLen: 0 | 1, validityDays: number, title: string, fileName: string, keyUsage = CA_KEY_USAGE): RoleDefinition => ({
  issuer,
  domainComponent: dc,
  basicConstraints: { ca: true, pathLen },
  keyUsage,
  validityDays,
  title,
  fileName,
});
const leaf = (issuer: CaRole, dc: DomainComponent, keyUsage: readonly KeyUsage[], validityDays: number, title: string, fileName: string): RoleDefinition => ({
  issuer,
  domainComponent: dc,
  basicConstraints: { ca: false },
  keyUsage,
  validityDays,
  title,
  fileName,
});

export const CA_ROLES: Readonly<Record<CaRole, RoleDefinition>> = {
  v2gRootCa: root('V2G', 'V2G root CA', 'V2GRootCA'),
  cpoSubCa1: subCa('v2gRootCa', 'V2G', 1, 1460, 'CPO Sub-CA 1', 'CPOSubCA1'),
  cpoSubCa2: subCa('cpoSubCa1', 'V2G', 0, 365, 'CPO Sub-CA 2', 'CPOSubCA2'),
  cpsSubCa1: subCa('v2gRootCa', 'CPS', 1, 1460, 'CPS Sub-CA 1', 'CPSSubCA1'),
  cpsSubCa2: subCa('cpsSubCa1', 'CPS', 0, 730, 'CPS Sub-CA 2', 'CPSSubCA2'),
  moRootCa: root('MO', 'MO root CA', 'MORootCA'),
  moSubCa1: subCa('moRootCa', 'MO', 1, 1460, 'MO Sub-CA 1', 'MOSubCA1'),
  // It also signs SalesTariffs in Josev's lab, hence digitalSignature and nonRepudiation beside the CA usages.
  moSubCa2: subCa('moSubCa1', 'MO', 0, 1460, 'MO Sub-CA 2', 'MOSubCA2', ['digitalSignature', 'nonRepudiation', ...CA_KEY_USAGE]),
  oemRootCa: root('OEM', 'OEM root CA', 'OEMRootCA'),
  oemSubCa1: subCa('oemRootCa', 'OEM', 1, 1460, 'OEM Sub-CA 1', 'OEMSubCA1'),
  oemSubCa2: subCa('oemSubCa1', 'OEM', 0, 1460, 'OEM Sub-CA 2', 'OEMSubCA2'),
};

export const LEAF_ROLES: Readonly<Record<LeafRole, RoleDefinition>> = {
  // keyAgreement beside digitalSignature: the -2 cipher suites include static ECDH (TLS_ECDH_ECDSA_*), where the
  // leaf's key itself is the server's ECDH share.
  seccLeaf: leaf('cpoSubCa2', 'CPO', ['digitalSignature', 'keyAgreement'], 60, 'SECC leaf', 'SECCCert'),
  saProvisioningLeaf: leaf('cpsSubCa2', 'CPS', ['digitalSignature'], 90, 'SA provisioning leaf (CPS)', 'SAProvisioningCert'),
  // keyAgreement and keyEncipherment: CertificateUpdate encrypts the new contract key to this certificate's key (ECDH).
  contractLeaf: leaf('moSubCa2', 'MO', ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'keyAgreement'], 730, 'contract leaf', 'ContractCert'),
  // keyAgreement: CertificateInstallation encrypts the contract key to this certificate's key (ECDH).
  oemProvisioningLeaf: leaf('oemSubCa2', 'OEM', ['digitalSignature', 'keyAgreement'], 1460, 'OEM provisioning leaf', 'OEMProvCert'),
  // TLS 1.3 client authentication only signs (CertificateVerify); no key agreement with the certificate's key. Its
  // key usage is what tells it from the OEM provisioning leaf, both being DC=OEM (a decision: unverified).
  vehicleLeaf: leaf('oemSubCa2', 'OEM', ['digitalSignature'], 1460, 'vehicle TLS leaf (OEM)', 'VehicleCert'),
};

/** RFC 6960 §4.2.2.2: issued by the CA it answers for, for OCSP signing only, and not itself checked by OCSP. */
const OCSP_SIGNER_VALIDITY_DAYS = 90;

function ocspSigner(ca: CaRole): RoleDefinition {
  const issuer = CA_ROLES[ca];
  return {
    issuer: ca,
    domainComponent: issuer.domainComponent,
    basicConstraints: { ca: false },
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['ocspSigning'],
    validityDays: OCSP_SIGNER_VALIDITY_DAYS,
    title: `OCSP signer of the ${issuer.title}`,
    fileName: `${issuer.fileName}OCSPSigner`,
  };
}

const caRoles = Object.keys(CA_ROLES) as CaRole[];

export const ROLES: Readonly<Record<CertificateRole, RoleDefinition>> = {
  ...CA_ROLES,
  ...LEAF_ROLES,
  ...(Object.fromEntries(caRoles.map((ca) => [`${ca}OcspSigner`, ocspSigner(ca)])) as Record<OcspSignerRole, RoleDefinition>),
};


export interface PkiProfile {
  readonly name: PkiProfileName;
  readonly title: string;
  /** The first is the default. */
  readonly keyAlgorithms: readonly KeyAlgorithm[];
  /** certificateType's maxLength in the profile's messages (-2: 800 bytes; -20: 1600). */
  readonly maxCertificateBytes: number;
  /** Issuers before what they issue. */
  readonly roles: readonly CertificateRole[];
}

const ALL_BUT_VEHICLE = (Object.keys(ROLES) as CertificateRole[]).filter((r) => r !== 'vehicleLeaf');
const ordered = (roles: readonly CertificateRole[]): CertificateRole[] => {
  const depth = (role: CertificateRole): number => (ROLES[role].issuer ? 1 + depth(ROLES[role].issuer!) : 0);
  return [...roles].sort((a, b) => depth(a) - depth(b));
};

export const PKI_PROFILES: Readonly<Record<PkiProfileName, PkiProfile>> = {
  iso2: { name: 'iso2', title: 'ISO 15118-2', keyAlgorithms: ['P-256'], maxCertificateBytes: 800, roles: ordered(ALL_BUT_VEHICLE) },
  // The vehicle's TLS client certificate exists only where TLS 1.3 mutual authentication does.
  iso20: { name: 'iso20', title: 'ISO 15118-20', keyAlgorithms: ['P-521', 'Ed448'], maxCertificateBytes: 1600, roles: ordered([...ALL_BUT_VEHICLE, 'vehicleLeaf']) },
};

/** The CPO branch alone, with the -2 profile: the SECC's TLS chain (kept for the TLS 1.2 code that names it so). */
export const CPO_CHAIN_PROFILES: Readonly<Record<CpoChainRole, RoleProfile>> = {
  v2gRootCa: CA_ROLES.v2gRootCa,
  cpoSubCa1: CA_ROLES.cpoSubCa1,
  cpoSubCa2: CA_ROLES.cpoSubCa2,
  seccLeaf: LEAF_ROLES.seccLeaf,
};
