/**
 * `demo --pnc [--install]`: Plug & Charge in the demo, ISO 15118-2 or -20, over a lab PKI made for the run (its
 * certificates name no OCSP responder, so revocation is not asked): the SECC checks contracts against the lab's MO root
 * and asks the local contract backend, which also provisions contracts; the EV holds the lab's contract or, with
 * `--install`, none, and installs one first. A metered stage (`metered`) makes an ISO 15118-2 SECC ask for a signed
 * MeteringReceipt.
 */
import { map, type Observable } from 'rxjs';
import { evccContractService } from '../actors/session/evcc-contract-service.js';
import { contractService } from '../actors/session/secc-contract-service.js';
import type { EvccOptions } from '../actors/stack/evcc-client.js';
import type { EvccSessionSettings } from '../actors/stack/session-machines.js';
import type { SeccServersOptions } from '../actors/stack/secc-station.js';
import type { EvseStatus, PowerModule } from '../adapters/evse.js';
import { labContractBackend } from '../crypto/backend/lab-contract-backend.js';
import { memoryContractStore } from '../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID, type LabPki } from '../crypto/index.js';
import { plugAndChargeSettings } from './pnc-lab.js';

/** The meter the demo's stage reports (MeterInfo). */
const DEMO_METER_ID = 'KPH-DEMO-METER';

export interface PlugAndChargeDemo {
  readonly station: Required<Pick<SeccServersOptions, 'plugAndCharge'>>;
  readonly ev: Required<Pick<EvccOptions, 'contractStore' | 'contracts'>>;
  /** The EV's settings with Plug & Charge: ISO 15118-2 Contract, ISO 15118-20 PnC. */
  evSettings(settings: EvccSessionSettings): EvccSessionSettings;
  /** The stage with its meter. */
  metered(supply: PowerModule): PowerModule;
}

/** Plug & Charge over `lab` (a -2 or -20 lab PKI), the EV holding the lab's contract unless it is to `install` one. */
export function plugAndChargeDemo(lab: LabPki, install: boolean): PlugAndChargeDemo {
  const c = lab.certificates;
  const moRoots = [c.moRootCa.der];
  const store = memoryContractStore({
    ...(install ? {} : { contract: { emaid: DEFAULT_EMAID, chain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der], keyPem: c.contractLeaf.privateKeyPem } }),
    provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem },
    v2gRoots: [c.v2gRootCa.der],
  });
  return {
    station: { plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(lab), moRoots }) } },
    ev: { contractStore: store, contracts: evccContractService({ store, provisioningSubCas: [c.oemSubCa2.der, c.oemSubCa1.der] }) },
    evSettings: (settings) => plugAndChargeSettings(settings, store),
    metered: (supply) => ({
      status$: (supply.status$ as Observable<EvseStatus>).pipe(map((status) => ({ ...status, meterId: DEMO_METER_ID }))),
      command: (command) => supply.command(command),
    }),
  };
}
