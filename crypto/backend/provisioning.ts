/**
 * What a certificate provisioning service needs, whichever standard's messages it answers: the SA provisioning chain
 * and its signer (the CPS leaf), the contract authority, the roots it trusts per branch and its contract records. And
 * the checks both standards run on the EV's provisioning or old contract chain before a contract is issued.
 */
import { X509Certificate } from 'node:crypto';
import type { X509IssuerSerialType } from '../../codecs/exi/generated/xmldsig.types.js';
import type { PkiProfileName } from '../pki/profiles.js';
import type { EcdsaSigner } from '../signer.js';
import { verifyMessage, type SignatureSchema } from '../xmldsig/index.js';
import type { ContractAuthority } from './contract-authority.js';
import { completeChain, verifyCertificateChain, type ContractChainFailure } from './contract-chain.js';
import { checkContractRevocation, type RevocationFailure, type RevocationPolicy } from './contract-ocsp.js';

export interface ProvisioningConfig {
  readonly authority: ContractAuthority;
  /** DER: SA provisioning leaf, CPS Sub-CA 2, CPS Sub-CA 1. */
  readonly saProvisioningChain: readonly Uint8Array[];
  /** The SA provisioning leaf's key. */
  readonly saProvisioningSigner: EcdsaSigner;
  /** The V2G root the SA provisioning chain ends at; the EV has to trust it (ListOfRootCertificateIDs). */
  readonly v2gRoot: Uint8Array;
  readonly moRoots: readonly Uint8Array[];
  readonly oemRoots: readonly Uint8Array[];
  /** OEM Sub-CAs: the -2 request carries the provisioning leaf alone, its chain is completed from these. */
  readonly oemSubCas: readonly Uint8Array[];
  /** The eMAID of the contract the vehicle with this PCID is to get; undefined: it has none. */
  readonly contractFor: (pcid: string) => string | undefined;
  /** Whether the contract with this (normalised) eMAID is in force: updated and authorized only then. */
  readonly contractActive: (emaid: string) => boolean;
  /** false: no revocation check (a lab without responders). */
  readonly revocation: RevocationPolicy | false;
  readonly now: () => Date;
}

/** The response code the EV gets for a request that is refused: the codes of ISO 15118-2 and -20 share these names. */
export type ProvisioningFailure = ContractChainFailure | RevocationFailure | 'FAILED_SignatureError' | 'FAILED_ContractCanceled';

export class ProvisioningRefusal extends Error {
  constructor(
    readonly code: ProvisioningFailure,
    readonly reason: string,
    /** Where -20 names the case more closely than the -2 code does. */
    readonly iso20Code?: 'WARNING_NoContractMatchingPCIDFound',
  ) {
    super(`${code}: ${reason}`);
  }
}

/**
 * The EV's chain (an OEM provisioning chain to an OEM root, or its old contract chain to an MO root) verified at
 * `now` with the certificate profile of the standard its message is of and, under the configured policy, not revoked; a ProvisioningRefusal with the response code otherwise. A
 * leaf sent alone is completed from `pool`.
 */
export async function checkEvChain(
  profile: PkiProfileName,
  chain: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  pool: readonly Uint8Array[],
  config: ProvisioningConfig,
  signal: AbortSignal,
): Promise<void> {
  const complete = chain.length === 1 ? completeChain(chain[0]!, pool) : chain;
  const verdict = verifyCertificateChain(complete, roots, config.now(), profile);
  if (!verdict.ok) throw new ProvisioningRefusal(verdict.code, verdict.reason);
  if (config.revocation === false) return;
  const revocation = await checkContractRevocation(complete, roots, { ...config.revocation, signal, now: config.now() });
  if (!revocation.ok) throw new ProvisioningRefusal(revocation.code, revocation.reason);
}

/** The request's signature (-2 7.9.2.4, -20 likewise) covers what the standard signs and verifies with `signer`. */
export function checkSignature(schema: SignatureSchema, document: unknown, signer: X509Certificate): void {
  const result = verifyMessage(schema, document, signer);
  if (!result.verified || result.unsigned.length > 0) {
    const why = result.signatureError?.message ?? (result.signature ? `unsigned: ${result.unsigned.join(', ') || 'a reference fails'}` : 'the signature does not verify');
    throw new ProvisioningRefusal('FAILED_SignatureError', why);
  }
}

/**
 * The EV verifies the Res with the V2G root at the end of the SA provisioning chain, so it must be one the EV lists.
 * Matched by serial number: X509IssuerName's string form differs between stacks (RFC 2253 or 4514 order, escaping),
 * while roots' serials are random 64-bit and more.
 */
export function checkTrustedRoot(ids: readonly X509IssuerSerialType[], config: ProvisioningConfig): void {
  const serial = BigInt(`0x${new X509Certificate(config.v2gRoot).serialNumber}`);
  if (!ids.some((id) => id.X509SerialNumber === serial)) {
    throw new ProvisioningRefusal('FAILED_NoCertificateAvailable', `the EV trusts none of this service's V2G roots (serial ${serial.toString(16)})`);
  }
}

export function certificate(der: Uint8Array, field: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (e) {
    throw new ProvisioningRefusal('FAILED_CertChainError', `${field} is not a DER X.509 certificate (${(e as Error).message})`);
  }
}

export const commonName = (certificate: X509Certificate): string | undefined =>
  certificate.subject
    .split('\n')
    .find((line) => line.startsWith('CN='))
    ?.slice(3);

/** The eMAID of the contract for the vehicle `oem` names (its PCID, the CN). */
export function contractForVehicle(oem: X509Certificate, config: ProvisioningConfig): { readonly pcid: string; readonly emaid: string } {
  const pcid = commonName(oem);
  const emaid = pcid === undefined ? undefined : config.contractFor(pcid);
  if (emaid === undefined) throw new ProvisioningRefusal('FAILED_NoCertificateAvailable', `no contract for the vehicle with PCID ${pcid ?? '(no CN)'}`, 'WARNING_NoContractMatchingPCIDFound');
  return { pcid: pcid!, emaid };
}

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A chain as both standards' CertificateChainType carry it: the leaf, then the Sub-CAs where there are any. */
export function chainElement(ders: readonly Uint8Array[]): { Certificate: Uint8Array; SubCertificates?: { Certificate: Uint8Array[] } } {
  const [leaf, ...subCas] = ders;
  return { Certificate: leaf!, ...(subCas.length ? { SubCertificates: { Certificate: subCas } } : {}) };
}
