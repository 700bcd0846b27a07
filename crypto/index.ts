/**
 * The crypto module's public surface: the V2G test PKIs (the ISO 15118-2 CPO chain the simulators use, and every chain
 * of a -2 or -20 Plug & Charge lab), the certificate profiles and their check, PEM helpers and the typed error.
 */
export type { TlsCredentials } from './credentials.js';
export { PkiError } from './errors.js';
export { derToPem, pemToDer, pemToDerAll, type PemLabel } from './pem.js';
export {
  CA_ROLES,
  CPO_CHAIN_PROFILES,
  LEAF_ROLES,
  PKI_PROFILES,
  ROLES,
  type CaRole,
  type CertificateRole,
  type CpoChainRole,
  type LeafRole,
  type OcspSignerRole,
  type PkiProfile,
  type PkiProfileName,
  type RoleDefinition,
  type RoleProfile,
} from './pki/profiles.js';
export {
  generateTestPki,
  generateUnrelatedPki,
  seccTlsCredentials,
  vehicleTlsCredentials,
  type TestPki,
  type TestPkiOptions,
  type UnrelatedPki,
} from './pki/test-pki.js';
export {
  DEFAULT_EMAID,
  DEFAULT_EVSE_ID,
  DEFAULT_OCSP_RESPONDER_URL,
  DEFAULT_PCID,
  generateLabPki,
  certifyRole,
  issueRole,
  type IssuedCertificate,
  type Issued,
  type IssueRoleOptions,
  type LabCertificates,
  type LabPki,
  type LabPkiOptions,
} from './pki/lab-pki.js';
export { loadLabPki, saveLabPki, type WrittenFile } from './pki/lab-store.js';
export { chainLinkProblems, checkCertificate, type CertificateCheck, type CheckOptions } from './pki/certificate-check.js';
export { readCertificate, type CertificateInfo } from './x509/certificate-info.js';
export { issueCertificate, type CertificateIssuer, type CertificateProfile, type CertificateRequest, type SigningKeys } from './x509/certificate-builder.js';
export { generateKeys, privateKeyToPem, type KeyAlgorithm, type KeyPair } from './x509/key-pair.js';
export type { DistinguishedName, DomainComponent } from './x509/names.js';
export { defaultTestPkiDir, ensurePrivateFolder, loadOrCreateTestPki, loadTestPki, saveTestPki } from './pki/store.js';
