/**
 * `demo --protocol iso20-… --pnc [--install]`: ISO 15118-20 Plug & Charge in the demo, over the -20 lab PKI made for
 * the run (its certificates name no OCSP responder, so revocation is not asked): the SECC offers PnC, checks contracts
 * against the lab's MO root and asks the local contract backend, which also installs contracts; the EV holds the lab's
 * contract or, with `--install`, none, and installs one first (CertificateInstallation).
 */
import { evccContractService } from '../actors/session/evcc-contract-service.js';
import { contractService } from '../actors/session/secc-contract-service.js';
import type { EvccOptions } from '../actors/stack/evcc-client.js';
import type { SeccServersOptions } from '../actors/stack/secc-station.js';
import type { EvccSessionSettings } from '../actors/stack/session-machines.js';
import { labContractBackend } from '../crypto/backend/lab-contract-backend.js';
import { memoryContractStore } from '../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID, type LabPki } from '../crypto/index.js';

export interface Iso20PlugAndChargeDemo {
  readonly station: Required<Pick<SeccServersOptions, 'plugAndCharge'>>;
  readonly ev: Required<Pick<EvccOptions, 'contracts'>>;
  /** The EV's ISO 15118-20 settings asking for PnC. */
  evSettings(settings: EvccSessionSettings): EvccSessionSettings;
}

export function iso20PlugAndChargeDemo(lab: LabPki, install: boolean): Iso20PlugAndChargeDemo {
  const c = lab.certificates;
  const moRoots = [c.moRootCa.der];
  const store = memoryContractStore({
    ...(install ? {} : { contract: { emaid: DEFAULT_EMAID, chain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der], keyPem: c.contractLeaf.privateKeyPem } }),
    provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem },
    v2gRoots: [c.v2gRootCa.der],
  });
  return {
    station: { plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(lab), moRoots }) } },
    ev: { contracts: evccContractService({ store, provisioningSubCas: [c.oemSubCa2.der, c.oemSubCa1.der] }) },
    evSettings: (settings) => (settings.iso20 === undefined ? settings : { ...settings, iso20: { ...settings.iso20, authorization: 'PnC' } }),
  };
}
