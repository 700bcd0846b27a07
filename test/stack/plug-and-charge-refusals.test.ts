/**
 * ISO 15118-2 Plug & Charge refused end to end over TLS 1.2, our EVCC against our SECC through the running stack:
 * an AuthorizationReq whose signature does not verify with the contract certificate is FAILED_SignatureError, one
 * correctly signed over a GenChallenge other than PaymentDetailsRes's FAILED_ChallengeInvalid (a scripted EV over
 * TLS); a contract certificate not valid yet is FAILED_CertChainError at PaymentDetailsReq (-2 has no code of its own
 * for it). Each ends both sides' sessions failed before any energy flows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccPlugAndCharge } from '../../actors/session/evcc-contract-channel.js';
import { contractService } from '../../actors/session/secc-contract-service.js';
import { evccSettingsFor } from '../../cli/protocol-choice.js';
import { labContractBackend } from '../../crypto/backend/index.js';
import { memoryContractStore, type EvContract, type EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { DEFAULT_EMAID, generateLabPki } from '../../crypto/index.js';
import { softwareSigner } from '../../crypto/signer.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import { v2gDocument } from '../../codecs/exi/index.js';
import type { Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { chargeEv, EVCC_ID, namesOf, startTestStation } from './harness.js';
import { answerOf, rawEvcc, type V2gMessage } from './raw-evcc.js';
import { notYetValidContract, tamperingSigner } from './pnc-negatives.js';

const labPki = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false });
const lab = labPki.certificates;
const future = await notYetValidContract('P-256', 'DEKPHC000000005');

function storeWith(contract: EvContract & { readonly keyPem: string }): EvContractStore {
  return memoryContractStore({ contract, provisioning: { certificate: lab.oemProvisioningLeaf.der, keyPem: lab.oemProvisioningLeaf.privateKeyPem }, v2gRoots: [lab.v2gRootCa.der] });
}

const labContract = () => storeWith({ emaid: DEFAULT_EMAID, chain: [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der], keyPem: lab.contractLeaf.privateKeyPem });

/** A DC station over TLS 1.2 trusting the lab's and `future`'s MO roots. */
function station() {
  const moRoots = [lab.moRootCa.der, future.moRoot];
  return startTestStation('dc', { pki: lab, meterId: 'KPH-METER-1', plugAndCharge: { moRoots, contracts: contractService({ backend: labContractBackend(labPki), moRoots }) } });
}

/** One EV's DC session with Plug & Charge over TLS 1.2. */
async function plugAndCharge(store: EvContractStore) {
  const s = await station();
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

test('a GenChallenge other than the one PaymentDetailsRes gave, correctly signed: FAILED_ChallengeInvalid, the session failed', async () => {
  // Our EVCC always returns the challenge it was given: a scripted EV over the same TLS sends the wrong one.
  const s = await station();
  try {
    const tls = s.station.tlsAddress!;
    const raw = await rawEvcc(tls, 'iso2', { version: 'tls1.2', trustedRoots: [lab.v2gRootCa.pem] });
    try {
      const setup = await raw.exchange(new Uint8Array(8), { SessionSetupReq: { EVCCID: EVCC_ID } });
      const session = setup.V2G_Message.Header.SessionID;
      const step = async (body: Record<string, unknown>): Promise<V2gMessage> => {
        const answer = await raw.exchange(session, body);
        assert.is(String(answerOf(answer)[1]).startsWith('OK'), true, JSON.stringify(answerOf(answer)));
        return answer;
      };
      const services = await step({ ServiceDiscoveryReq: {} });
      const charge = services.V2G_Message.Body.ServiceDiscoveryRes as { ChargeService: { ServiceID: number }; PaymentOptionList: { PaymentOption: string[] } };
      assert.ok(charge.PaymentOptionList.PaymentOption.includes('Contract'), 'PnC offered over TLS');
      await step({ PaymentServiceSelectionReq: { SelectedPaymentOption: 'Contract', SelectedServiceList: { SelectedService: [{ ServiceID: charge.ChargeService.ServiceID }] } } });
      const details = await step({
        PaymentDetailsReq: { eMAID: DEFAULT_EMAID, ContractSignatureCertChain: { Certificate: lab.contractLeaf.der, SubCertificates: { Certificate: [lab.moSubCa2.der, lab.moSubCa1.der] } } },
      });
      const given = (details.V2G_Message.Body.PaymentDetailsRes as { GenChallenge: Uint8Array }).GenChallenge;
      const wrong = Uint8Array.from(given, (byte) => byte ^ 0xff);
      const request: unknown = { V2G_Message: { Header: { SessionID: session }, Body: { AuthorizationReq: { '@Id': 'id1', GenChallenge: wrong } } } };
      const signed: unknown = await signMessage('iso2', request as Iso2Message, softwareSigner(lab.contractLeaf.privateKeyPem));
      raw.channel.send(v2gDocument('iso2', signed as Iso2Message));
      const event = await raw.next();
      if (event.type !== 'channel.received') throw new Error(`no AuthorizationRes: ${event.type}`);
      assert.equal(answerOf(event.message.document as V2gMessage), ['AuthorizationRes', 'FAILED_ChallengeInvalid']);
    } finally {
      raw.close();
    }
    const secc = await s.sessions[0]?.outcome;
    assert.is(secc?.result, 'failed', JSON.stringify(secc));
    assert.match(secc?.reason ?? '', 'FAILED_ChallengeInvalid');
    assert.is(s.supplies[0]?.status.meterWh ?? 0, 0, 'no energy');
  } finally {
    await s.close();
  }
});

test.run();
