/**
 * ISO 15118-20 Plug & Charge refused end to end, our EVCC against our SECC over loopback mutual TLS 1.3: an
 * AuthorizationReq whose signature over PnC_AReqAuthorizationMode does not verify with the contract leaf is
 * FAILED_SignatureError, which ends the session; one correctly signed over a GenChallenge other than the station's is
 * WARNING_ChallengeInvalid (a scripted EV over the same TLS), after which nothing is authorized; a contract not valid
 * yet is WARNING_CertificateNotYetValid, after which our EV ends the session with SessionStop. Each
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
import type { AuthorizationResType, AuthorizationSetupResType, ServiceDiscoveryResType, SessionSetupResType } from '../../codecs/exi/generated/iso20-common.types.js';
import { pncAuthorizationMode, pncAuthorizationReq } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';
import { serviceDiscoveryReq } from '../../machines/iso20/iso20-service-messages.js';
import { authorizationSetupReq, sessionSetupReq } from '../../machines/iso20/iso20-setup-messages.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { chargeEv, EVCC_ID, namesOf, outcomeOf, startTestStation } from './harness.js';
import { rawEvcc } from './raw-evcc.js';
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

/** A -20 DC station over mutual TLS 1.3 trusting the lab's and `future`'s MO roots. */
function station() {
  const moRoots = [lab.moRootCa.der, future.moRoot];
  return startTestStation('dc', {
    pki20: lab,
    clientAuthentication: { trustedRoots: [lab.oemRootCa.pem], required: true },
    plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(labPki), moRoots }) },
  });
}

const labContract = () => storeWith({ emaid: DEFAULT_EMAID, chain: [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der], keyPem: lab.contractLeaf.privateKeyPem });

/** One EV's -20 DC session with PnC. */
async function plugAndCharge(store: EvContractStore) {
  const secc = await station();
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
  const store = labContract();
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

test('-20: a GenChallenge other than AuthorizationSetupRes gave, correctly signed, is WARNING_ChallengeInvalid, ServiceDiscovery refused after it, the session failed', async () => {
  // Our EVCC always signs the challenge it was given: a scripted EV over the same mutual TLS 1.3 signs another.
  const secc = await station();
  try {
    const raw = await rawEvcc(secc.station.tlsAddress!, 'iso20-dc', { version: 'tls1.3', trustedRoots: [lab.v2gRootCa.pem], credentials: vehicleTlsCredentials(lab) });
    try {
      const exchange = async <T>(request: V2gDocument<'iso20-common'>, name: string): Promise<T> => {
        raw.channel.send(request);
        const event = await raw.next();
        if (event.type !== 'channel.received') throw new Error(`no ${name}: ${event.type}`);
        const element = (event.message.document as Record<string, T | undefined>)[name];
        assert.ok(element, `${name} expected, got ${Object.keys(event.message.document as object).join()}`);
        return element!;
      };
      const setup = await exchange<SessionSetupResType>(sessionSetupReq({ sessionId: new Uint8Array(8), nowMs: Date.now() }, Buffer.from(EVCC_ID).toString('hex').toUpperCase()), 'SessionSetupRes');
      const at = () => ({ sessionId: setup.Header.SessionID, nowMs: Date.now() });
      const offer = await exchange<AuthorizationSetupResType>(authorizationSetupReq(at()), 'AuthorizationSetupRes');
      const given = offer.PnC_ASResAuthorizationMode?.GenChallenge;
      assert.ok(given, 'PnC offered with a challenge');
      const mode = pncAuthorizationMode(Uint8Array.from(given!, (byte) => byte ^ 0xff), [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der]);
      const unsigned = pncAuthorizationReq(at(), mode, undefined);
      const signature = await evccContractService({ store: labContract() }).sign(unsigned, 'contract');
      const answer = await exchange<AuthorizationResType>(pncAuthorizationReq(at(), mode, signature), 'AuthorizationRes');
      assert.equal([answer.ResponseCode, answer.EVSEProcessing], ['WARNING_ChallengeInvalid', 'Finished']);
      // Not authorized: the EV cannot go on to the services as if it were.
      const services = await exchange<ServiceDiscoveryResType>(serviceDiscoveryReq(at()), 'ServiceDiscoveryRes');
      assert.match(services.ResponseCode, /^FAILED/);
    } finally {
      raw.close();
    }
    const outcome = await outcomeOf(secc, 1);
    assert.is(outcome.result, 'failed', JSON.stringify(outcome));
    assert.match(outcome.reason ?? '', /FAILED_/);
    assert.is(secc.supplies[0]?.status.meterWh ?? 0, 0, 'no energy');
  } finally {
    await secc.close();
  }
});

test.run();
