/** The Plug & Charge backend side: what an SECC asks (ContractBackend), contract chains checked, revocation over OCSP. */
export type {
  AuthorizeCertificateStatus,
  AuthorizeRequest,
  AuthorizeResponse,
  ContractBackend,
  Get15118EvCertificateRequest,
  Get15118EvCertificateResponse,
  OcspRequestData,
} from './contract-backend.js';
export { MAX_CONTRACT_CHAIN_LENGTH, verifyContractChain, type ContractChainFailure, type ContractChainVerdict } from './contract-chain.js';
export {
  checkContractRevocation,
  DEFAULT_REVOCATION_TIMEOUT_MS,
  ocspRequestData,
  withIssuers,
  type CertificateRevocation,
  type RevocationCheck,
  type RevocationFailure,
  type RevocationPolicy,
  type RevocationVerdict,
} from './contract-ocsp.js';
export { ContractAuthority, type ContractAuthorityOptions, type IssuedContract } from './contract-authority.js';
export { completeChain, normalizeEmaid, verifyCertificateChain } from './contract-chain.js';
export { labContractBackend, loadLabContractBackend, type LabContractBackendOptions } from './lab-contract-backend.js';
export { LocalContractBackend, type LocalContractBackendOptions } from './local-contract-backend.js';
export { ProvisioningRefusal, type ProvisioningConfig, type ProvisioningFailure } from './provisioning.js';
