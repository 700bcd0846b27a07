/** The crypto module's public surface: the ISO 15118-2 test PKI, PEM helpers and the typed error. */
export type { TlsCredentials } from './credentials.js';
export { PkiError } from './errors.js';
export { derToPem, pemToDer, pemToDerAll, type PemLabel } from './pem.js';
export { CPO_CHAIN_PROFILES, type CpoChainRole, type RoleProfile } from './pki/profiles.js';
export {
  DEFAULT_EVSE_ID,
  generateTestPki,
  generateUnrelatedPki,
  seccTlsCredentials,
  type IssuedCertificate,
  type TestPki,
  type TestPkiOptions,
  type UnrelatedPki,
} from './pki/test-pki.js';
export { defaultTestPkiDir, ensurePrivateFolder, loadOrCreateTestPki, loadTestPki, saveTestPki } from './pki/store.js';
