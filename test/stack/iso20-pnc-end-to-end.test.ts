/**
 * ISO 15118-20 Plug & Charge through the running stack, our EVCC against our SECC over loopback mutual TLS 1.3:
 * with a contract the vehicle holds (AuthorizationReq PnC signed over the station's GenChallenge, the chain checked to
 * the MO roots, authorized by the local backend), and with none (CertificateInstallation first: the request signed by
 * the OEM provisioning key, forwarded to the backend, the contract decrypted and stored by the EV, then PnC with it);
 * and PnC offered only over TLS.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccContractService } from '../../actors/session/evcc-contract-service.js';
import { labContractBackend } from '../../crypto/backend/lab-contract-backend.js';
import { contractService } from '../../actors/session/secc-contract-service.js';
import { memoryContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID } from '../../crypto/index.js';
import { generateLabPki, vehicleTlsCredentials } from '../../crypto/index.js';
import { evccSettingsFor } from '../../cli/protocol-choice.js';
import { chargeEv, count, namesOf, outcomeOf, startTestStation } from './harness.js';
import { iso20PncOffer } from '../../actors/stack/iso20-pnc-admission.js';
import { seccSessionAdmission } from '../../actors/stack/session-machines.js';
import type { SeccAdmission } from '../../machines/stack/secc-connection.js';

const labPki = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false });
const lab = labPki.certificates;
const mutual = { trustedRoots: [lab.oemRootCa.pem], required: true };
const contractChain = [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der];
const provisioning = { certificate: lab.oemProvisioningLeaf.der, keyPem: lab.oemProvisioningLeaf.privateKeyPem };
const provisioningSubCas = [lab.oemSubCa2.der, lab.oemSubCa1.der];
const v2gRoots = [lab.v2gRootCa.der];
const pncSettings = (() => {
  const { settings } = evccSettingsFor('iso20-dc');
  return { ...settings, iso20: { ...settings.iso20!, authorization: 'PnC' as const } };
})();

/** The station's Plug & Charge: the lab's MO root, the local backend (the lab names no OCSP responders). */
function plugAndCharge() {
  const moRoots = [lab.moRootCa.der];
  return { moRoots, contracts: contractService({ backend: labContractBackend(labPki), moRoots }) };
}

function station(overrides: Parameters<typeof startTestStation>[1] = {}) {
  return startTestStation('dc', { pki20: lab, clientAuthentication: mutual, plugAndCharge: plugAndCharge(), ...overrides });
}

test('-20 PnC with an installed contract over mutual TLS 1.3: the signed challenge is accepted and the session charges to SessionStop', async () => {
  const secc = await station();
  try {
    const store = memoryContractStore({ contract: { emaid: DEFAULT_EMAID, chain: contractChain, keyPem: lab.contractLeaf.privateKeyPem }, provisioning, v2gRoots });
    const contracts = evccContractService({ store, provisioningSubCas });
    const { result } = await chargeEv(secc.station, 'iso20-dc', { pki: lab, tlsCredentials: vehicleTlsCredentials(lab), settings: pncSettings, contracts });
    assert.is(result.outcome.result, 'stopped', JSON.stringify(result.outcome));
    assert.is(result.security, 'tls1.3');
    const names = namesOf(result.messages);
    assert.ok(!names.includes('CertificateInstallationReq'), 'no installation with a contract');
    const authorization = result.messages.filter((m) => m.name === 'AuthorizationReq');
    assert.ok(authorization.length >= 2, `Ongoing while the backend decided (${authorization.length} AuthorizationReq)`);
    const setup = result.messages.find((m) => m.name === 'AuthorizationSetupRes')!.message as { AuthorizationSetupRes: { AuthorizationServices: string[] } };
    assert.equal(setup.AuthorizationSetupRes.AuthorizationServices, ['PnC', 'EIM']);
    const req = authorization[0]!.message as { AuthorizationReq: { SelectedAuthorizationService: string; Header: { Signature?: object } } };
    assert.is(req.AuthorizationReq.SelectedAuthorizationService, 'PnC');
    assert.ok(req.AuthorizationReq.Header.Signature, 'signed');
    assert.equal(result.messages.filter((m) => m.name === 'AuthorizationRes').map((m) => m.responseCode), authorization.map(() => 'OK'));
    assert.ok(count(result.messages, 'DC_ChargeLoopReq') >= 2, 'charged');
    assert.is((await outcomeOf(secc, 1)).result, 'stopped');
  } finally {
    await secc.close();
  }
});

test('-20 PnC without a contract: CertificateInstallation first, the new contract decrypted and stored, then PnC with it', async () => {
  const secc = await station();
  try {
    const store = memoryContractStore({ provisioning, v2gRoots });
    const contracts = evccContractService({ store, provisioningSubCas });
    const { result } = await chargeEv(secc.station, 'iso20-dc', { pki: lab, tlsCredentials: vehicleTlsCredentials(lab), settings: pncSettings, contracts });
    assert.is(result.outcome.result, 'stopped', JSON.stringify(result.outcome));
    const names = namesOf(result.messages);
    const installed = names.lastIndexOf('CertificateInstallationRes');
    assert.ok(installed > 0 && installed < names.indexOf('AuthorizationReq'), names.join(' '));
    const res = result.messages[installed]!;
    assert.is(res.responseCode, 'OK');
    const stored = store.contract();
    assert.ok(stored, 'the contract is stored');
    assert.is(stored!.emaid, DEFAULT_EMAID);
    assert.not.equal(stored!.chain[0], lab.contractLeaf.der, 'a new contract leaf');
    assert.ok(store.contractSigner(), 'with its key');
    assert.ok(count(result.messages, 'DC_ChargeLoopReq') >= 2, 'charged with the new contract');
    assert.is((await outcomeOf(secc, 1)).result, 'stopped');
  } finally {
    await secc.close();
  }
});

test('PnC is never offered over plain TCP: the admission gives a -20 session an offer only over TLS, each with its own challenge', () => {
  const contracts = plugAndCharge();
  const admitted = seccSessionAdmission('iso20-dc', { evseId: 'DE*KPH*E0000001', newSessionId: new Uint8Array(8).fill(1) }, undefined, {}, false);
  const pncOf = (a: SeccAdmission) => (a.ok && a.protocol === 'iso20-dc' ? a.input.pnc : undefined);
  assert.is(pncOf(iso20PncOffer(admitted, contracts, false)), undefined, 'plain TCP');
  assert.is(pncOf(iso20PncOffer(admitted, undefined, true)), undefined, 'no contract checks configured');
  const [one, two] = [pncOf(iso20PncOffer(admitted, contracts, true)), pncOf(iso20PncOffer(admitted, contracts, true))];
  assert.is(one?.genChallenge.length, 16);
  assert.not.equal(one?.genChallenge, two?.genChallenge, 'a fresh challenge per session');
  assert.equal([one?.moRoots, one?.certificateInstallation], [[lab.moRootCa.der], true]);
  const iso2 = seccSessionAdmission('iso2', { evseId: 'DE*KPH*E0000001', newSessionId: new Uint8Array(8).fill(1) }, undefined, {}, true);
  assert.is(iso20PncOffer(iso2, contracts, true), iso2, 'ISO 15118-2 admissions pass unchanged');
});

test.run();
