/**
 * `secc --pnc DIR` and `evcc --pnc DIR [--install]`: Plug & Charge, ISO 15118-2 and -20, over a lab folder
 * `pki init` wrote. The station checks contracts against the folder's MO root and asks the local contract backend
 * over it (which records the contracts it issues in MO Sub-CA 2's OCSP database); the vehicle keeps its contract in
 * the folder (`fileContractStore`), so a contract it installs is there for the next session.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evccPlugAndCharge } from '../actors/session/evcc-contract-channel.js';
import { evccContractService } from '../actors/session/evcc-contract-service.js';
import { contractService } from '../actors/session/secc-contract-service.js';
import type { EvccOptions } from '../actors/stack/evcc-client.js';
import type { SeccPlugAndCharge } from '../actors/stack/secc-station.js';
import type { EvccSessionSettings } from '../actors/stack/session-machines.js';
import { loadLabContractBackend } from '../crypto/backend/lab-contract-backend.js';
import type { EvContractStore } from '../crypto/contract-store/ev-contract-store.js';
import { fileContractStore } from '../crypto/contract-store/file-contract-store.js';
import { pemToDerAll, ROLES } from '../crypto/index.js';

/** A station offers Plug & Charge over TLS only, so a --pnc without TLS is a mistake the command line names. */
export const PNC_NEEDS_TLS = '--pnc needs TLS: --tls (ISO 15118-2) or iso20 in --protocols';

async function certificates(dir: string, role: keyof typeof ROLES): Promise<Uint8Array[]> {
  const name = `${ROLES[role].fileName}.pem`;
  return pemToDerAll('CERTIFICATE', await readFile(join(dir, name), 'utf8'), name);
}

/** The station's Plug & Charge over the lab folder `dir`. */
export async function seccLabPlugAndCharge(dir: string): Promise<SeccPlugAndCharge> {
  const moRoots = await certificates(dir, 'moRootCa');
  return { moRoots, contracts: contractService({ backend: await loadLabContractBackend(dir), moRoots }) };
}

export interface EvccLabPlugAndCharge {
  readonly options: Required<Pick<EvccOptions, 'contractStore' | 'contracts'>>;
  /** The session settings asking for Plug & Charge: ISO 15118-2 Contract, ISO 15118-20 PnC. */
  settings(settings: EvccSessionSettings): EvccSessionSettings;
}

/** The vehicle's contract store in the lab folder `dir`; with `install`, without the contract it holds. */
export async function evccLabPlugAndCharge(dir: string, install: boolean): Promise<EvccLabPlugAndCharge> {
  const store = await fileContractStore(dir, { withContract: !install });
  const provisioningSubCas = [...(await certificates(dir, 'oemSubCa2')), ...(await certificates(dir, 'oemSubCa1'))];
  return {
    options: { contractStore: store, contracts: evccContractService({ store, provisioningSubCas }) },
    settings: (settings) => plugAndChargeSettings(settings, store),
  };
}

/** `settings` asking for Plug & Charge with `store`'s contract: ISO 15118-2 Contract, ISO 15118-20 PnC. */
export function plugAndChargeSettings(settings: EvccSessionSettings, store: EvContractStore): EvccSessionSettings {
  return {
    ...settings,
    ...(settings.iso2 ? { iso2: { ...settings.iso2, plugAndCharge: evccPlugAndCharge(store) } } : {}),
    ...(settings.iso20 ? { iso20: { ...settings.iso20, authorization: 'PnC' as const } } : {}),
  };
}
