/**
 * Where a vehicle keeps its contract: the chain it presents and a signer for its key. The key is reached only through
 * an `EcdsaSigner`, so a store may hold it on a PKCS#11 token (crypto/hsm) as well as in a file or in memory. A
 * contract installed during a session (CertificateInstallation) is saved with its key as the EV decrypted it.
 */
import type { KeyObject } from 'node:crypto';
import { softwareSigner, type EcdsaSigner } from '../signer.js';

export interface StoredContract {
  /** DER, leaf first (its CN the eMAID), then its Sub-CAs. */
  readonly chain: readonly Uint8Array[];
  readonly signer: EcdsaSigner;
}

export interface ContractStore {
  /** The contract the vehicle uses now; undefined: none. */
  current(): Promise<StoredContract | undefined>;
  /** Keeps a newly installed contract, which becomes the current one. */
  save(contract: { readonly chain: readonly Uint8Array[]; readonly key: KeyObject }): Promise<StoredContract>;
}

/** A store in this process's memory: a test's or a demo's vehicle. */
export function memoryContractStore(initial?: StoredContract): ContractStore {
  let contract = initial;
  return {
    current: () => Promise.resolve(contract),
    save: ({ chain, key }) => {
      contract = { chain: [...chain], signer: softwareSigner(key) };
      return Promise.resolve(contract);
    },
  };
}
