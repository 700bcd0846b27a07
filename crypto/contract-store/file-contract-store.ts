/**
 * The EV's contract store in a folder, for the command line: a lab folder `pki init` wrote (its OEM provisioning
 * certificate and key, the V2G root, and the contract when one is held), where an installed or updated contract is
 * written back, key first (mode 0600) and each file replaced whole, so a store is never left half-written.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { derToPem, pemToDerAll } from '../pem.js';
import { ROLES } from '../pki/profiles.js';
import { memoryContractStore, type EvContract, type EvContractStore } from './ev-contract-store.js';

const CONTRACT_CHAIN = 'ContractChain.pem';

async function replaceFile(path: string, content: string, mode: number): Promise<void> {
  const next = `${path}.new`;
  await writeFile(next, content, { mode });
  await rename(next, path);
}

function emaidOf(leaf: Uint8Array): string {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(new X509Certificate(leaf).subject)?.[1];
  if (cn === undefined) throw new RangeError('the contract certificate names no eMAID (CN)');
  return cn;
}

/** The store in `dir`; `withContract: false` leaves out the contract the folder holds (an EV that installs one first). */
export async function fileContractStore(dir: string, options: { readonly withContract?: boolean } = {}): Promise<EvContractStore> {
  const read = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');
  const contractKeyFile = join(dir, `${ROLES.contractLeaf.fileName}.key`);
  const chainFile = join(dir, CONTRACT_CHAIN);
  const held = options.withContract !== false && existsSync(chainFile) && existsSync(contractKeyFile);
  const chain = held ? pemToDerAll('CERTIFICATE', await read(CONTRACT_CHAIN), CONTRACT_CHAIN) : [];
  return memoryContractStore({
    ...(held && chain[0] ? { contract: { emaid: emaidOf(chain[0]), chain, keyPem: await readFile(contractKeyFile, 'utf8') } } : {}),
    provisioning: {
      certificate: pemToDerAll('CERTIFICATE', await read(`${ROLES.oemProvisioningLeaf.fileName}.pem`))[0]!,
      keyPem: await read(`${ROLES.oemProvisioningLeaf.fileName}.key`),
    },
    v2gRoots: pemToDerAll('CERTIFICATE', await read(`${ROLES.v2gRootCa.fileName}.pem`)),
    persist: async (contract: EvContract, key: KeyObject) => {
      await replaceFile(contractKeyFile, key.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
      await replaceFile(chainFile, contract.chain.map((der) => derToPem('CERTIFICATE', der)).join(''), 0o644);
    },
  });
}
