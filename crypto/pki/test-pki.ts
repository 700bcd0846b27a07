/**
 * A throwaway ISO 15118-2 CPO chain for tests and the simulators: V2G root -> CPO Sub-CA 1 -> CPO Sub-CA 2 -> SECC
 * leaf, each with a fresh P-256 key. Never for production: the keys are generated here and stored unencrypted.
 */
import { issueCertificate, type CertificateIssuer } from '../x509/certificate-builder.js';
import { generateP256KeyPair, privateKeyToPem } from '../x509/key-pair.js';
import type { DistinguishedName } from '../x509/names.js';
import type { TlsCredentials } from '../credentials.js';
import { derToPem } from '../pem.js';
import { CPO_CHAIN_PROFILES, type CpoChainRole } from './profiles.js';

export interface IssuedCertificate {
  readonly pem: string;
  readonly der: Uint8Array;
  /** PKCS#8 PEM, unencrypted. */
  readonly privateKeyPem: string;
}

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

export const DEFAULT_EVSE_ID = 'DE*KPH*E0000001';
const ORGANIZATION = 'KopherV2G Test PKI';
const COUNTRY = 'DE';
const DAY_MS = 86_400_000;
/** Backdating lets a peer whose clock lags a little still accept a chain made a moment ago on another machine. */
const BACKDATE_MS = 3_600_000;

interface Issued extends CertificateIssuer {
  readonly certificate: IssuedCertificate;
}

export async function generateTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const v2gRootCa = await issue('v2gRootCa', 'V2GRootCA', undefined, now);
  const cpoSubCa1 = await issue('cpoSubCa1', 'CPOSubCA1', v2gRootCa, now);
  const cpoSubCa2 = await issue('cpoSubCa2', 'CPOSubCA2', cpoSubCa1, now);
  const seccLeaf = await issue('seccLeaf', options.evseId ?? DEFAULT_EVSE_ID, cpoSubCa2, now);
  return { v2gRootCa: v2gRootCa.certificate, cpoSubCa1: cpoSubCa1.certificate, cpoSubCa2: cpoSubCa2.certificate, seccLeaf: seccLeaf.certificate };
}

export async function generateUnrelatedPki(options: TestPkiOptions = {}): Promise<UnrelatedPki> {
  const now = options.now ?? new Date();
  const v2gRootCa = await issue('v2gRootCa', 'UnrelatedV2GRootCA', undefined, now);
  const seccLeaf = await issue('seccLeaf', options.evseId ?? DEFAULT_EVSE_ID, v2gRootCa, now);
  return { v2gRootCa: v2gRootCa.certificate, seccLeaf: seccLeaf.certificate };
}

/** The SECC's TLS credentials: leaf, then Sub-CA 2, then Sub-CA 1, as the SECC sends them (the root is the EVCC's). */
export function seccTlsCredentials(pki: TestPki | UnrelatedPki): TlsCredentials {
  const subCas = 'cpoSubCa2' in pki ? [pki.cpoSubCa2.pem, pki.cpoSubCa1.pem] : [];
  return { key: pki.seccLeaf.privateKeyPem, certChain: [pki.seccLeaf.pem, ...subCas] };
}

async function issue(role: CpoChainRole, commonName: string, issuer: Issued | undefined, now: Date): Promise<Issued> {
  const profile = CPO_CHAIN_PROFILES[role];
  const keys = await generateP256KeyPair();
  const name: DistinguishedName = { commonName, organizationName: ORGANIZATION, countryName: COUNTRY, domainComponent: profile.domainComponent };
  const der = await issueCertificate({
    subject: name,
    subjectKeys: keys,
    ...(issuer ? { issuer } : {}),
    basicConstraints: profile.basicConstraints,
    keyUsage: profile.keyUsage,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + profile.validityDays * DAY_MS),
  });
  return { certificate: { der, pem: derToPem('CERTIFICATE', der), privateKeyPem: await privateKeyToPem(keys.privateKey) }, name, keys };
}
