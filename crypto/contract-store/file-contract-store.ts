/**
 * A vehicle's contract in a folder of its own: `contract-chain.pem` (leaf first, as the EV sends it) and
 * `contract.key` (PKCS#8, mode 0600), written so that a reader never sees a chain without its key: the key first,
 * each file replaced whole by a rename.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { derToPem, pemToDerAll } from '../pem.js';
import { softwareSigner } from '../signer.js';
import { privateKeyToPem } from '../x509/key-pair.js';
import type { ContractStore, StoredContract } from './contract-store.js';

export const CONTRACT_CHAIN_FILE = 'contract-chain.pem';
export const CONTRACT_KEY_FILE = 'contract.key';

function missing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function replace(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.new`;
  await writeFile(temporary, text, { mode });
  await rename(temporary, path);
}

export function fileContractStore(folder: string): ContractStore {
  const chainPath = join(folder, CONTRACT_CHAIN_FILE);
  const keyPath = join(folder, CONTRACT_KEY_FILE);
  return {
    async current(): Promise<StoredContract | undefined> {
      let chainPem: string;
      let keyPem: string;
      try {
        [chainPem, keyPem] = await Promise.all([readFile(chainPath, 'utf8'), readFile(keyPath, 'utf8')]);
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
      return { chain: pemToDerAll('CERTIFICATE', chainPem, chainPath), signer: softwareSigner(createPrivateKey(keyPem)) };
    },
    async save({ chain, key }: { readonly chain: readonly Uint8Array[]; readonly key: KeyObject }): Promise<StoredContract> {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await replace(keyPath, privateKeyToPem(key), 0o600);
      await replace(chainPath, chain.map((der) => derToPem('CERTIFICATE', der)).join(''), 0o644);
      return { chain: [...chain], signer: softwareSigner(key) };
    },
  };
}
