/**
 * A throwaway ISO 15118-2 CPO chain for tests and the simulators: V2G root -> CPO Sub-CA 1 -> CPO Sub-CA 2 -> SECC
 * leaf, each with a fresh P-256 key, without OCSP addresses (the simulators run no responder). The whole lab PKI of
 * every branch is lab-pki.ts. Never for production: the keys are generated here and stored unencrypted.
 */
import type { TlsCredentials } from '../credentials.js';
import { DEFAULT_EVSE_ID, issueRole, type IssuedCertificate, type Issued } from './lab-pki.js';
import type { CpoChainRole } from './profiles.js';

export { DEFAULT_EVSE_ID, type IssuedCertificate };

export interface TestPki {
  readonly v2gRootCa: IssuedCertificate;
  readonly cpoSubCa1: IssuedCertificate;
  readonly cpoSubCa2: IssuedCertificate;
  readonly seccLeaf: IssuedCertificate;
}

/** A root and an SECC leaf signed directly by it, sharing nothing with any other PKI: what an EVCC must refuse. */
export interface UnrelatedPki {
  readonly v2gRootCa: IssuedCertificate;
  readonly seccLeaf: IssuedCertificate;
}

export interface TestPkiOptions {
  /**
   * The SECC leaf's commonName: the SECCID, which has the EVSEID's syntax (country*operator*E+outlet). The default is
   * an invented operator ID "KPH" (the exact SECCID rule was not available: unverified).
   */
  readonly evseId?: string;
  readonly now?: Date;
}

export async function generateTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const issue = (role: CpoChainRole, commonName: string, issuer?: Issued): Promise<Issued> =>
    issueRole(role, { commonName, keyAlgorithm: 'P-256', now, ...(issuer ? { issuer } : {}) });
  const v2gRootCa = await issue('v2gRootCa', 'V2GRootCA');
  const cpoSubCa1 = await issue('cpoSubCa1', 'CPOSubCA1', v2gRootCa);
  const cpoSubCa2 = await issue('cpoSubCa2', 'CPOSubCA2', cpoSubCa1);
  const seccLeaf = await issue('seccLeaf', options.evseId ?? DEFAULT_EVSE_ID, cpoSubCa2);
  return { v2gRootCa: v2gRootCa.certificate, cpoSubCa1: cpoSubCa1.certificate, cpoSubCa2: cpoSubCa2.certificate, seccLeaf: seccLeaf.certificate };
}

export async function generateUnrelatedPki(options: TestPkiOptions = {}): Promise<UnrelatedPki> {
  const now = options.now ?? new Date();
  const v2gRootCa = await issueRole('v2gRootCa', { commonName: 'UnrelatedV2GRootCA', keyAlgorithm: 'P-256', now });
  const seccLeaf = await issueRole('seccLeaf', { commonName: options.evseId ?? DEFAULT_EVSE_ID, keyAlgorithm: 'P-256', now, issuer: v2gRootCa });
  return { v2gRootCa: v2gRootCa.certificate, seccLeaf: seccLeaf.certificate };
}

/**
 * The SECC's TLS credentials: leaf, then Sub-CA 2, then Sub-CA 1, as the SECC sends them (the root is the EVCC's).
 * A lab PKI's certificates (LabCertificates) are a TestPki too.
 */
export function seccTlsCredentials(pki: TestPki | UnrelatedPki): TlsCredentials {
  const subCas = 'cpoSubCa2' in pki ? [pki.cpoSubCa2.pem, pki.cpoSubCa1.pem] : [];
  return { key: pki.seccLeaf.privateKeyPem, certChain: [pki.seccLeaf.pem, ...subCas] };
}

/** The vehicle's TLS credentials for ISO 15118-20 mutual authentication: its leaf, then OEM Sub-CA 2 and Sub-CA 1. */
export function vehicleTlsCredentials(certificates: { readonly vehicleLeaf?: IssuedCertificate; readonly oemSubCa2: IssuedCertificate; readonly oemSubCa1: IssuedCertificate }): TlsCredentials {
  if (!certificates.vehicleLeaf) throw new RangeError('this PKI has no vehicle TLS leaf (an ISO 15118-20 lab PKI has)');
  return { key: certificates.vehicleLeaf.privateKeyPem, certChain: [certificates.vehicleLeaf.pem, certificates.oemSubCa2.pem, certificates.oemSubCa1.pem] };
}
