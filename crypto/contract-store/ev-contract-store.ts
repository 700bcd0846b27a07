/**
 * The EV's contract store: what a vehicle keeps for Plug & Charge (ISO 15118-2), behind an interface so its keys may
 * live where the vehicle keeps them. Signing goes through an EcdsaSigner, so a key on a token (crypto/hsm) signs like
 * one in memory; the key a delivered contract is encrypted to is used for ECDH, which needs it in this process.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { softwareSigner, type EcdsaSigner } from '../signer.js';

/** A contract as the EV presents it: public data. */
export interface EvContract {
  readonly emaid: string;
  /** DER, leaf first (contract leaf, MO Sub-CA 2, MO Sub-CA 1). */
  readonly chain: readonly Uint8Array[];
}

export interface EvContractStore {
  /** The contract held now; undefined before one is installed. */
  contract(): EvContract | undefined;
  /** Signs with the contract's key: AuthorizationReq, MeteringReceiptReq, CertificateUpdateReq. */
  contractSigner(): EcdsaSigner | undefined;
  /** The OEM provisioning certificate (DER) and its key: CertificateInstallationReq carries and signs with them. */
  readonly provisioning: { readonly certificate: Uint8Array; readonly signer: EcdsaSigner };
  /**
   * The key a delivered contract key is encrypted to: the OEM provisioning key for an installation [V2G2-820], the
   * present contract's for an update [V2G2-821].
   */
  agreementKey(action: 'Install' | 'Update'): KeyObject | undefined;
  /** DER of the V2G roots the EV trusts: a delivery's SA provisioning chain must end at one. */
  readonly v2gRoots: readonly Uint8Array[];
  /** Keeps a delivered contract in place of the one held; called only once it verified and its key was decrypted. */
  install(contract: EvContract, key: KeyObject): Promise<void>;
}

export interface MemoryContractStoreOptions {
  readonly contract?: EvContract & { readonly keyPem: string };
  readonly provisioning: { readonly certificate: Uint8Array; readonly keyPem: string };
  readonly v2gRoots: readonly Uint8Array[];
  /** Called after each install, e.g. to write it where it lasts (file-contract-store.ts). */
  readonly persist?: (contract: EvContract, key: KeyObject) => Promise<void>;
}

/** A store whose keys are in this process: the simulated vehicle's, a lab's. */
export function memoryContractStore(options: MemoryContractStoreOptions): EvContractStore {
  let contract: EvContract | undefined = options.contract && { emaid: options.contract.emaid, chain: options.contract.chain };
  let contractKey: KeyObject | undefined = options.contract && createPrivateKey(options.contract.keyPem);
  const provisioningKey = createPrivateKey(options.provisioning.keyPem);
  return {
    contract: () => contract,
    contractSigner: () => (contractKey === undefined ? undefined : softwareSigner(contractKey)),
    provisioning: { certificate: options.provisioning.certificate, signer: softwareSigner(provisioningKey) },
    agreementKey: (action) => (action === 'Install' ? provisioningKey : contractKey),
    v2gRoots: options.v2gRoots,
    async install(next, key) {
      await options.persist?.(next, key);
      contract = next;
      contractKey = key;
    },
  };
}
