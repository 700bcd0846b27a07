/**
 * ISO 15118-2 Plug & Charge refused end to end over TLS 1.2, our EVCC against our SECC through the running stack:
 * an AuthorizationReq whose signature does not verify with the contract certificate is FAILED_SignatureError
 *; a contract certificate not valid yet is FAILED_CertChainError at PaymentDetailsReq (-2 has no code of its
 * own for it). Each ends both sides' sessions failed before any energy flows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccPlugAndCharge } from '../../actors/session/evcc-contract-channel.js';
import { contractService } from '../../actors/session/secc-contract-service.js';
import { evccSettingsFor } from '../../cli/protocol-choice.js';
import { labContractBackend } from '../../crypto/backend/index.js';
import { memoryContractStore, type EvContract, type EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID, generateLabPki } from '../../crypto/index.js';
import { chargeEv, namesOf, startTestStation } from './harness.js';
import { notYetValidContract, tamperingSigner } from './pnc-negatives.js';

const labPki = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false });
const lab = labPki.certificates;
const future = await notYetValidContract('P-256', 'DEKPHC000000005');

function storeWith(contract: EvContract & { readonly keyPem: string }): EvContractStore {
  return memoryContractStore({ contract, provisioning: { certificate: lab.oemProvisioningLeaf.der, keyPem: lab.oemProvisioningLeaf.privateKeyPem }, v2gRoots: [lab.v2gRootCa.der] });
}

const labContract = () => storeWith({ emaid: DEFAULT_EMAID, chain: [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der], keyPem: lab.contractLeaf.privateKeyPem });

/** One EV's DC session with Plug & Charge over TLS 1.2 against a station trusting the lab's and `future`'s MO roots. */
async function plugAndCharge(store: EvContractStore) {
  const moRoots = [lab.moRootCa.der, future.moRoot];
  const s = await startTestStation('dc', { pki: lab, meterId: 'KPH-METER-1', plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(labPki), moRoots }) } });
  try {
    const { settings } = evccSettingsFor('iso2-dc');
    const { result, battery } = await chargeEv(s.station, 'iso2-dc', { pki: lab, contractStore: store, settings: { ...settings, iso2: { ...settings.iso2!, plugAndCharge: evccPlugAndCharge(store) } } });
    const secc = await s.sessions[0]?.outcome;
    return { result, battery: battery.energy, secc, ev: namesOf(result.messages), codes: result.messages.filter((m) => m.responseCode).map((m) => `${m.name}:${m.responseCode}`) };
  } finally {
    await s.close();
  }
}

/** Nothing half-done: both sessions failed, no charging loop, no energy. */
function refusedCleanly(run: Awaited<ReturnType<typeof plugAndCharge>>): void {
  assert.is(run.result.security, 'tls1.2');
  assert.equal(run.battery, { chargedWh: 0, dischargedWh: 0 }, 'no energy either way');
  assert.is(run.result.outcome.result, 'failed', JSON.stringify(run.result.outcome));
  assert.is(run.secc?.result, 'failed', JSON.stringify(run.secc));
  for (const name of ['PowerDeliveryReq', 'CurrentDemandReq', 'MeteringReceiptReq']) assert.not.ok(run.ev.includes(name), `${name} in ${run.ev.join(' ')}`);
}

test('a tampered AuthorizationReq signature: FAILED_SignatureError, both sides failed, nothing charged', async () => {
  const store = labContract();
  const tampered: EvContractStore = { ...store, contractSigner: () => tamperingSigner(store.contractSigner()!) };
  const run = await plugAndCharge(tampered);
  assert.ok(run.codes.includes('PaymentDetailsRes:OK'), run.codes.join(' '));
  assert.ok(run.codes.includes('AuthorizationRes:FAILED_SignatureError'), run.codes.join(' '));
  refusedCleanly(run);
});

test('a contract not valid yet: PaymentDetailsRes FAILED_CertChainError, no AuthorizationReq, nothing charged', async () => {
  const run = await plugAndCharge(storeWith({ emaid: 'DEKPHC000000005', chain: future.chain, keyPem: future.keyPem }));
  assert.ok(run.codes.includes('PaymentDetailsRes:FAILED_CertChainError'), run.codes.join(' '));
  assert.not.ok(run.ev.includes('AuthorizationReq'));
  refusedCleanly(run);
});

test.run();
