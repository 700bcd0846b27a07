/**
 * What a certificate provisioning service needs, whichever standard's messages it answers: the SA provisioning chain
 * and its signer (the CPS leaf), the contract authority, the roots it trusts per branch and its contract records. And
 * the checks both standards run on the EV's provisioning or old contract chain before a contract is issued.
 */
import type { EcdsaSigner } from '../signer.js';
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
  ) {
    super(`${code}: ${reason}`);
  }
}

/**
 * The EV's chain (an OEM provisioning chain to an OEM root, or its old contract chain to an MO root) verified at
 * `now` and, under the configured policy, not revoked; a ProvisioningRefusal with the response code otherwise. A
 * leaf sent alone is completed from `pool`.
 */
export async function checkEvChain(
  chain: readonly Uint8Array[],
  roots: readonly Uint8Array[],
  pool: readonly Uint8Array[],
  config: ProvisioningConfig,
  signal: AbortSignal,
): Promise<void> {
  const complete = chain.length === 1 ? completeChain(chain[0]!, pool) : chain;
  const verdict = verifyCertificateChain(complete, roots, config.now());
  if (!verdict.ok) throw new ProvisioningRefusal(verdict.code, verdict.reason);
  if (config.revocation === false) return;
  const revocation = await checkContractRevocation(complete, roots, { ...config.revocation, signal, now: config.now() });
  if (!revocation.ok) throw new ProvisioningRefusal(revocation.code, revocation.reason);
}
