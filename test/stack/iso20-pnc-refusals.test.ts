/**
 * ISO 15118-20 Plug & Charge refused end to end, our EVCC against our SECC over loopback mutual TLS 1.3: an
 * AuthorizationReq whose signature over PnC_AReqAuthorizationMode does not verify with the contract leaf is
 * FAILED_SignatureError, which ends the session; a contract not valid yet is WARNING_CertificateNotYetValid, after which
 * our EV ends the session with SessionStop. Each
 * leaves nothing half-done: no charging loop, no energy, both sessions over.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccContractService } from '../../actors/session/evcc-contract-service.js';
import { contractService } from '../../actors/session/secc-contract-service.js';
import { evccSettingsFor } from '../../cli/protocol-choice.js';
import { labContractBackend } from '../../crypto/backend/lab-contract-backend.js';
import { memoryContractStore, type EvContract, type EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID, generateLabPki, vehicleTlsCredentials } from '../../crypto/index.js';
import { chargeEv, namesOf, outcomeOf, startTestStation } from './harness.js';
import { notYetValidContract, tamperingSigner } from './pnc-negatives.js';

const labPki = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false });
const lab = labPki.certificates;
const future = await notYetValidContract('P-521', 'DEKPHC000000005');
const pncSettings = (() => {
  const { settings } = evccSettingsFor('iso20-dc');
  return { ...settings, iso20: { ...settings.iso20!, authorization: 'PnC' as const } };
})();

function storeWith(contract: EvContract & { readonly keyPem: string }): EvContractStore {
  return memoryContractStore({ contract, provisioning: { certificate: lab.oemProvisioningLeaf.der, keyPem: lab.oemProvisioningLeaf.privateKeyPem }, v2gRoots: [lab.v2gRootCa.der] });
}

/** One EV's -20 DC session with PnC over mutual TLS 1.3 against a station trusting the lab's and `future`'s MO roots. */
async function plugAndCharge(store: EvContractStore) {
  const moRoots = [lab.moRootCa.der, future.moRoot];
  const secc = await startTestStation('dc', {
    pki20: lab,
    clientAuthentication: { trustedRoots: [lab.oemRootCa.pem], required: true },
    plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(labPki), moRoots }) },
  });
  try {
    const contracts = evccContractService({ store, provisioningSubCas: [lab.oemSubCa2.der, lab.oemSubCa1.der] });
    const { result, battery } = await chargeEv(secc.station, 'iso20-dc', { pki: lab, tlsCredentials: vehicleTlsCredentials(lab), settings: pncSettings, contracts });
    const outcome = await outcomeOf(secc, 1);
    return { result, battery: battery.energy, secc: outcome, ev: namesOf(result.messages), codes: result.messages.filter((m) => m.responseCode).map((m) => `${m.name}:${m.responseCode}`) };
  } finally {
    await secc.close();
  }
}

function nothingCharged(run: Awaited<ReturnType<typeof plugAndCharge>>): void {
  assert.is(run.result.security, 'tls1.3');
  assert.equal(run.battery, { chargedWh: 0, dischargedWh: 0 }, 'no energy either way');
  for (const name of ['PowerDeliveryReq', 'DC_ChargeLoopReq', 'MeteringConfirmationReq']) assert.not.ok(run.ev.includes(name), `${name} in ${run.ev.join(' ')}`);
}

test('-20: a tampered AuthorizationReq signature is FAILED_SignatureError, both sessions failed, nothing charged', async () => {
  const store = storeWith({ emaid: DEFAULT_EMAID, chain: [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der], keyPem: lab.contractLeaf.privateKeyPem });
  const run = await plugAndCharge({ ...store, contractSigner: () => tamperingSigner(store.contractSigner()!) });
  assert.ok(run.codes.includes('AuthorizationRes:FAILED_SignatureError'), run.codes.join(' '));
  assert.is(run.result.outcome.result, 'failed', JSON.stringify(run.result.outcome));
  assert.is(run.secc.result, 'failed');
  nothingCharged(run);
});

test('-20: a contract not valid yet is WARNING_CertificateNotYetValid, the EV stops the session, nothing charged', async () => {
  const run = await plugAndCharge(storeWith({ emaid: 'DEKPHC000000005', chain: future.chain, keyPem: future.keyPem }));
  assert.ok(run.codes.includes('AuthorizationRes:WARNING_CertificateNotYetValid'), run.codes.join(' '));
  assert.is(run.ev.filter((name) => name === 'AuthorizationReq').length, 1, 'refused at once, never Ongoing');
  // A WARNING leaves the EV its choice; ours, without EIM to fall back on, ends the session with SessionStop.
  assert.ok(run.codes.includes('SessionStopRes:OK'), run.codes.join(' '));
  assert.is(run.result.outcome.result, 'stopped');
  assert.is(run.secc.result, 'stopped');
  nothingCharged(run);
});

test.run();
