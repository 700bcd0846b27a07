/**
 * `demo --pnc [--install]`: ISO 15118-2 Plug & Charge in the demo, over a lab PKI made for the run (its certificates
 * name no OCSP responder, so revocation is not asked): the SECC checks contracts against the lab's MO root and asks
 * the local contract backend, which also provisions contracts; the EV holds the lab's contract or, with `--install`,
 * none, and installs one first. The stage reports a meter, so the SECC asks for a signed MeteringReceipt.
 */
import { map, type Observable } from 'rxjs';
import { evccPlugAndCharge } from '../actors/session/evcc-contract-channel.js';
import { contractService } from '../actors/session/secc-contract-service.js';
import type { EvccOptions } from '../actors/stack/evcc-client.js';
import type { EvccSessionSettings } from '../actors/stack/session-machines.js';
import type { SeccServersOptions } from '../actors/stack/secc-station.js';
import type { EvseStatus, PowerModule } from '../adapters/evse.js';
import { labContractBackend } from '../crypto/backend/lab-contract-backend.js';
import { memoryContractStore } from '../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID, generateLabPki, type TestPki } from '../crypto/index.js';

/** The meter the demo's stage reports (MeterInfo). */
const DEMO_METER_ID = 'KPH-DEMO-METER';

export interface PlugAndChargeDemo {
  /** The lab's CPO chain and V2G root: the TLS credentials and trust of both sides. */
  readonly pki: TestPki;
  readonly station: Required<Pick<SeccServersOptions, 'plugAndCharge'>>;
  readonly ev: Required<Pick<EvccOptions, 'contractStore'>>;
  /** The EV's ISO 15118-2 settings with Plug & Charge. */
  evSettings(settings: EvccSessionSettings): EvccSessionSettings;
  /** The stage with its meter. */
  metered(supply: PowerModule): PowerModule;
}

export async function plugAndChargeDemo(install: boolean): Promise<PlugAndChargeDemo> {
  const lab = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false });
  const c = lab.certificates;
  const moRoots = [c.moRootCa.der];
  const contractStore = memoryContractStore({
    ...(install ? {} : { contract: { emaid: DEFAULT_EMAID, chain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der], keyPem: c.contractLeaf.privateKeyPem } }),
    provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem },
    v2gRoots: [c.v2gRootCa.der],
  });
  return {
    pki: c,
    station: { plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(lab), moRoots }) } },
    ev: { contractStore },
    evSettings: (settings) => (settings.iso2 === undefined ? settings : { ...settings, iso2: { ...settings.iso2, plugAndCharge: evccPlugAndCharge(contractStore) } }),
    metered: (supply) => ({
      status$: (supply.status$ as Observable<EvseStatus>).pipe(map((status) => ({ ...status, meterId: DEMO_METER_ID }))),
      command: (command) => supply.command(command),
    }),
  };
}
