/**
 * The ISO 15118-20 EVCC's Plug & Charge, its station and its vehicle's key store scripted, under the simulated clock:
 * every request it sends goes through the strict codec (so each signed request is complete and valid by the XSD).
 * With a contract: the contract key signs AuthorizationReq over the station's challenge. Without one: the OEM
 * provisioning key signs CertificateInstallationReq, polled while Ongoing, the runner installs the contract, then it
 * signs AuthorizationReq. A refused installation or authorization, or a key store that fails, ends the session by
 * SessionStop; a station that does not offer PnC gets EIM. Every PnC transition of the chart is taken here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { decode, encode } from '../../codecs/exi/index.js';
import type { CertificateInstallationResType } from '../../codecs/exi/generated/iso20-common.types.js';
import type { processingType, responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import type { SignatureType } from '../../codecs/exi/generated/xmldsig.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { generateLabPki } from '../../crypto/index.js';
import { softwareSigner } from '../../crypto/signer.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import { verifyMessage } from '../../crypto/xmldsig/verify.js';
import { X509Certificate } from 'node:crypto';
import { iso20EvccMachine } from '../../machines/iso20/evcc/iso20-evcc.js';
import type { Iso20EvccPnc } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';
import { authorizationRes, authorizationSetupRes, sessionSetupRes } from '../../machines/iso20/iso20-setup-messages.js';
import { minimalResponse } from '../../machines/iso20/secc/iso20-envelope.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { evccInput, SESSION_ID } from './evcc-wiring.js';
import { isPncTransition } from './evcc-pnc-transitions.js';

const lab = (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false })).certificates;
const CHALLENGE = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const contractChain = [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der];
const provisioningChain = [lab.oemProvisioningLeaf.der, lab.oemSubCa2.der, lab.oemSubCa1.der];
const ROOTS = [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: 1n }];
const coverage = new TransitionCoverage();

interface Station {
  /** PnC offered (with the challenge and installation); default true. */
  readonly pnc?: boolean;
  /** Ongoing CertificateInstallationRes before the Finished one. */
  readonly installOngoing?: number;
  readonly installCode?: responseCodeType;
  readonly authorizationCode?: responseCodeType;
}

interface Keys {
  /** The key store fails this operation. */
  readonly fail?: 'sign' | 'install';
}

type Document = V2gDocument<'iso20-common'>;

function through(message: V2gDocument): Document {
  const bytes = (encode as (schema: 'iso20-common', document: object) => Uint8Array)('iso20-common', message.document);
  return { schema: 'iso20-common', document: (decode as (schema: 'iso20-common', bytes: Uint8Array) => object)('iso20-common', bytes) } as Document;
}

/** One session up to the first request after Authorization (or its end), with what the EV sent and asked. */
async function authorize(pnc: Iso20EvccPnc | undefined, station: Station = {}, keys: Keys = {}) {
  const clock = new SimulatedClock();
  clock.set(1_765_000_000_000);
  const evcc = createActor(iso20EvccMachine, { clock, input: evccInput('DC', 'Scheduled', clock, { authorization: 'PnC', ...(pnc ? { pnc } : {}) }), inspect: coverage.inspect });
  const sent: Document[] = [];
  const asked: string[] = [];
  const work: Promise<void>[] = [];
  let installs = 0;
  const ctx = () => ({ sessionId: SESSION_ID, nowMs: clock.now() });
  const respond = (request: Document): Document | undefined => {
    const name = Object.keys(request.document)[0]!;
    switch (name) {
      case 'SessionSetupReq':
        return sessionSetupRes(ctx(), { responseCode: 'OK_NewSessionEstablished', evseId: 'DE*KPR*E2000*1' });
      case 'AuthorizationSetupReq':
        return station.pnc === false
          ? authorizationSetupRes(ctx(), { responseCode: 'OK', services: ['EIM'], certificateInstallationService: false })
          : authorizationSetupRes(ctx(), { responseCode: 'OK', services: ['PnC', 'EIM'], certificateInstallationService: true, pnc: { genChallenge: CHALLENGE } });
      case 'CertificateInstallationReq': {
        const processing: processingType = installs++ < (station.installOngoing ?? 0) ? 'Ongoing' : 'Finished';
        const res = minimalResponse(ctx(), name, (request.document as Record<string, object>)[name]!, station.installCode ?? 'OK', 'DE*KPR*E2000*1');
        const element = (res.document as { CertificateInstallationRes: CertificateInstallationResType }).CertificateInstallationRes;
        return v2gDocument('iso20-common', { CertificateInstallationRes: { ...element, EVSEProcessing: processing } });
      }
      case 'AuthorizationReq':
        return authorizationRes(ctx(), { responseCode: station.authorizationCode ?? 'OK', processing: 'Finished' });
      default:
        return undefined;
    }
  };
  evcc.on('channel.send', ({ message }) => {
    const request = through(message);
    sent.push(request);
    const response = respond(request);
    if (response) queueMicrotask(() => evcc.getSnapshot().status === 'active' && evcc.send({ type: 'channel.received', message: through(response) as never }));
  });
  evcc.on('contract.sign', ({ key, document }) => {
    asked.push(`sign:${key}`);
    work.push(
      (async () => {
        if (keys.fail === 'sign') return evcc.send({ type: 'contract.failed', reason: 'the token is locked' });
        const signer = softwareSigner(key === 'contract' ? lab.contractLeaf.privateKeyPem : lab.oemProvisioningLeaf.privateKeyPem);
        const signed = await signMessage('iso20-common', document.document as object, signer);
        const signature = (Object.values(signed)[0] as { Header: { Signature: SignatureType } }).Header.Signature;
        evcc.send({ type: 'contract.signed', signature });
      })(),
    );
  });
  evcc.on('contract.install', () => {
    asked.push('install');
    queueMicrotask(() => evcc.send(keys.fail === 'install' ? { type: 'contract.failed', reason: 'decryption failed' } : { type: 'contract.installed', chain: contractChain }));
  });
  evcc.start();
  for (let i = 0; i < 400 && evcc.getSnapshot().status === 'active' && !sent.some((d) => 'ServiceDiscoveryReq' in d.document || 'SessionStopReq' in d.document); i++) {
    await Promise.all(work.splice(0));
    await new Promise((resolve) => setImmediate(resolve));
    clock.increment(50);
  }
  const names = sent.map((d) => Object.keys(d.document)[0]!);
  evcc.stop();
  return { sent, names, asked, context: evcc.getSnapshot().context };
}

const signatureOf = (d: Document) => (Object.values(d.document)[0] as { Header: { Signature?: object } }).Header.Signature;

test('with a contract: AuthorizationReq PnC over the station\'s challenge, signed by the contract key', async () => {
  const { sent, names, asked } = await authorize({ contractChain, provisioningChain, rootCertificateIds: ROOTS });
  assert.equal(names, ['SessionSetupReq', 'AuthorizationSetupReq', 'AuthorizationReq', 'ServiceDiscoveryReq']);
  assert.equal(asked, ['sign:contract']);
  const req = sent[2]!.document as { AuthorizationReq: { SelectedAuthorizationService: string; PnC_AReqAuthorizationMode: { GenChallenge: Uint8Array } } };
  assert.is(req.AuthorizationReq.SelectedAuthorizationService, 'PnC');
  assert.equal(req.AuthorizationReq.PnC_AReqAuthorizationMode.GenChallenge, CHALLENGE);
  const verified = verifyMessage('iso20-common', sent[2]!.document, new X509Certificate(lab.contractLeaf.der));
  assert.ok(verified.verified && verified.unsigned.length === 0, 'verifies with the contract certificate');
});

test('without a contract: CertificateInstallation (signed by the OEM provisioning key, polled while Ongoing), the contract installed, then PnC with it', async () => {
  const { sent, names, asked, context } = await authorize({ provisioningChain, rootCertificateIds: ROOTS }, { installOngoing: 1 });
  assert.equal(names, ['SessionSetupReq', 'AuthorizationSetupReq', 'CertificateInstallationReq', 'CertificateInstallationReq', 'AuthorizationReq', 'ServiceDiscoveryReq']);
  assert.equal(asked, ['sign:provisioning', 'install', 'sign:contract']);
  const install = verifyMessage('iso20-common', sent[2]!.document, new X509Certificate(lab.oemProvisioningLeaf.der));
  assert.ok(install.verified && install.unsigned.length === 0, 'the installation request verifies with the OEM provisioning certificate');
  assert.equal(signatureOf(sent[3]!), signatureOf(sent[2]!), 'the request sent again carries the same signature');
  assert.equal(context.contractChain, contractChain);
  assert.ok(verifyMessage('iso20-common', sent[4]!.document, new X509Certificate(lab.contractLeaf.der)).verified, 'AuthorizationReq signed by the new contract');
});

test('refusals end the session by SessionStop, naming the code: an installation refused, a contract revoked', async () => {
  const refusedInstall = await authorize({ provisioningChain, rootCertificateIds: ROOTS }, { installCode: 'WARNING_NoContractMatchingPCIDFound' });
  assert.equal(refusedInstall.names.slice(-2), ['CertificateInstallationReq', 'SessionStopReq']);
  assert.is(refusedInstall.context.evseEnding, 'WARNING_NoContractMatchingPCIDFound in CertificateInstallationRes');
  assert.equal(refusedInstall.asked, ['sign:provisioning']);
  const revoked = await authorize({ contractChain, rootCertificateIds: ROOTS }, { authorizationCode: 'WARNING_CertificateRevoked' });
  assert.equal(revoked.names.slice(-2), ['AuthorizationReq', 'SessionStopReq']);
  assert.is(revoked.context.evseEnding, 'WARNING_CertificateRevoked in AuthorizationRes');
});

test('a key store that cannot sign or install ends the session by SessionStop, sending nothing it could not sign', async () => {
  const unsigned = await authorize({ contractChain, rootCertificateIds: ROOTS }, {}, { fail: 'sign' });
  assert.equal(unsigned.names, ['SessionSetupReq', 'AuthorizationSetupReq', 'SessionStopReq']);
  assert.is(unsigned.context.failure, 'the token is locked');
  const uninstalled = await authorize({ provisioningChain, rootCertificateIds: ROOTS }, {}, { fail: 'install' });
  assert.equal(uninstalled.names, ['SessionSetupReq', 'AuthorizationSetupReq', 'CertificateInstallationReq', 'SessionStopReq']);
  assert.equal(uninstalled.asked, ['sign:provisioning', 'install']);
});

test('PnC not offered, or no contract and nothing to install it with: EIM', async () => {
  for (const [pnc, station] of [[{ contractChain, rootCertificateIds: ROOTS }, { pnc: false }], [{ rootCertificateIds: ROOTS }, {}]] as const) {
    const { sent, names, asked } = await authorize(pnc, station);
    assert.equal(names, ['SessionSetupReq', 'AuthorizationSetupReq', 'AuthorizationReq', 'ServiceDiscoveryReq']);
    assert.equal(asked, []);
    assert.is((sent[2]!.document as { AuthorizationReq: { SelectedAuthorizationService: string } }).AuthorizationReq.SelectedAuthorizationService, 'EIM');
  }
});

test('every Plug & Charge transition of the chart was taken', () => {
  const missing = coverage.missing(iso20EvccMachine).map((m) => m.replace(/^\d+: /, '')).filter(isPncTransition);
  assert.equal(missing, []);
});

test.run();
