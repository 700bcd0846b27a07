/**
 * The CPO branch of the ISO 15118-2 PKI as RISE-V2G and Josev profile it (ISO 15118-2's certificate profiles):
 * V2G root -> CPO Sub-CA 1 (pathLen 1) -> CPO Sub-CA 2 (pathLen 0) -> SECC leaf (DC=CPO), the chain an SECC presents
 * in its TLS handshake. Validity periods are those of the RISE-V2G generation script; the standard allows ranges
 * (root up to 40 years, SECC leaf 2-3 months).
 */
import type { BasicConstraintsProfile, KeyUsage } from '../x509/extensions.js';
import type { DomainComponent } from '../x509/names.js';

export type CpoChainRole = 'v2gRootCa' | 'cpoSubCa1' | 'cpoSubCa2' | 'seccLeaf';

export interface RoleProfile {
  readonly domainComponent: DomainComponent;
  readonly basicConstraints: BasicConstraintsProfile;
  readonly keyUsage: readonly KeyUsage[];
  readonly validityDays: number;
}

const CA_KEY_USAGE: readonly KeyUsage[] = ['keyCertSign', 'cRLSign'];

export const CPO_CHAIN_PROFILES: Readonly<Record<CpoChainRole, RoleProfile>> = {
  v2gRootCa: { domainComponent: 'V2G', basicConstraints: { ca: true }, keyUsage: CA_KEY_USAGE, validityDays: 3650 },
  // The EVCC accepts at most two Sub-CAs between leaf and root; the pathLen values enforce exactly that depth.
  cpoSubCa1: { domainComponent: 'V2G', basicConstraints: { ca: true, pathLen: 1 }, keyUsage: CA_KEY_USAGE, validityDays: 1460 },
  cpoSubCa2: { domainComponent: 'V2G', basicConstraints: { ca: true, pathLen: 0 }, keyUsage: CA_KEY_USAGE, validityDays: 365 },
  // keyAgreement beside digitalSignature: the -2 cipher suites include static ECDH (TLS_ECDH_ECDSA_*), where the
  // leaf's key itself is the server's ECDH share.
  seccLeaf: { domainComponent: 'CPO', basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'keyAgreement'], validityDays: 60 },
};
