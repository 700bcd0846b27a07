/**
 * The -20 SECC's Plug & Charge, its EV scripted: PnC offered only where the runner gave an offer (TLS and contract
 * checks), with the session's GenChallenge; AuthorizationReq PnC answered by the standard's code for each fault with
 * nothing half-done (no question asked, nothing authorized, the session where it was): tampered signature, another
 * challenge, expired and not yet valid contracts, an unknown MO root, a contract revoked at a real `openssl ocsp`
 * responder (through the runner's contract service); the good case asked outside once, Ongoing until the verdict;
 * CertificateInstallation forwarded once, Ongoing until the backend's response, which goes to the EV as it came.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contractService } from '../../actors/session/secc-contract-service.js';
import type { CertificateInstallationResType } from '../../codecs/exi/generated/iso20-common.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { labContractBackend } from '../../crypto/backend/lab-contract-backend.js';
import { DEFAULT_EMAID, generateLabPki, issueRole, type Issued } from '../../crypto/index.js';
import { softwareSigner, type EcdsaSigner } from '../../crypto/signer.js';
import { signMessage } from '../../crypto/xmldsig/sign.js';
import type { DomainComponent } from '../../crypto/x509/names.js';
import type { MessageContext } from '../../machines/iso20/iso20-header.js';
import { certificateInstallationReq, pncAuthorizationMode } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';
import { authorizationReq } from '../../machines/iso20/iso20-setup-messages.js';
import type { Iso20PncOffer } from '../../machines/iso20/secc/iso20-pnc-offer.js';
import { ev, scriptedSecc, seccInput, START_MS, type ScriptedSecc } from './secc-harness.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { iso20SeccMachine } from '../../machines/iso20/secc/iso20-secc.js';
import { opensslAbsent } from '../crypto/ocsp-fixtures.js';
import { respondingLab, type RespondingLab } from '../crypto/contract-pki-fixtures.js';

const now = new Date(START_MS);
const folder = mkdtempSync(join(tmpdir(), 'kopher-pnc20-'));
const labPki = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false, now });
const lab = labPki.certificates;
const other = (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false, now })).certificates;
const CHALLENGE = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const offer: Iso20PncOffer = { genChallenge: CHALLENGE, moRoots: [lab.moRootCa.der], certificateInstallation: true };
const DC = ev('DC', 'Scheduled');
let world: RespondingLab | undefined;
const coverage = new TransitionCoverage();

test.after(async () => {
  await world?.stop();
  rmSync(folder, { recursive: true, force: true });
});

interface Contract {
  readonly chain: readonly Uint8Array[];
  readonly signer: EcdsaSigner;
}

const labContract: Contract = { chain: [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der], signer: softwareSigner(lab.contractLeaf.privateKeyPem) };

/** A session through AuthorizationSetup, on the clock the certificates were issued at. */
function authorizing(pnc: Iso20PncOffer | null = offer): ScriptedSecc {
  const s = scriptedSecc(seccInput('iso20-dc', pnc ? { pnc } : {}), undefined, coverage.inspect);
  s.receive(DC.sessionSetup(s.ctx()));
  s.receive(DC.authorizationSetup(s.ctx()));
  return s;
}

async function signedAuthorization(ctx: MessageContext, contract: Contract, challenge = CHALLENGE): Promise<V2gDocument> {
  const unsigned = authorizationReq(ctx, { service: 'PnC', pnc: pncAuthorizationMode(challenge, contract.chain) });
  return v2gDocument('iso20-common', await signMessage('iso20-common', unsigned.document as object, contract.signer) as V2gDocument<'iso20-common'>['document']);
}

function responseOf(s: ScriptedSecc): Record<string, unknown> {
  return Object.values(s.sent.at(-1)!.document)[0] as Record<string, unknown>;
}

/** A contract leaf under `issuer` issued as if at `at` (730 days of validity from then). */
async function contractIssuedAt(issuer: Issued, at: Date): Promise<Contract> {
  const leaf = await issueRole('contractLeaf', { commonName: DEFAULT_EMAID, keyAlgorithm: labPki.keyAlgorithm, now: at, issuer });
  return { chain: [leaf.certificate.der, lab.moSubCa2.der, lab.moSubCa1.der], signer: softwareSigner(leaf.certificate.privateKeyPem) };
}

/** The lab's MO Sub-CA 2 as an issuer of further contracts, under its own subject. */
const labMoSubCa2: Issued = (() => {
  const subject = new X509Certificate(lab.moSubCa2.der).subject.split('\n');
  const field = (key: string): string => subject.find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
  return {
    certificate: lab.moSubCa2,
    name: { commonName: field('CN'), organizationName: field('O'), countryName: field('C'), domainComponent: field('DC') as DomainComponent },
    keys: { publicKey: createPublicKey(lab.moSubCa2.privateKeyPem), privateKey: createPrivateKey(lab.moSubCa2.privateKeyPem) },
  };
})();

/** The EV's refused PnC left the session where it was: EIM still authorizes it (the EVSE saw the customer). */
function eimStillWorks(s: ScriptedSecc): void {
  s.receive(DC.authorization(s.ctx()));
  assert.is(s.last(), 'AuthorizationRes:OK');
  assert.is(s.state(), 'WaitForServiceDiscovery');
}

test('without an offer (plain TCP, no contract checks) only EIM is offered, and a PnC request is WARNING_AuthorizationSelectionInvalid', async () => {
  const s = authorizing(null);
  const setup = responseOf(s);
  assert.equal([setup['AuthorizationServices'], setup['CertificateInstallationService'], 'EIM_ASResAuthorizationMode' in setup], [['EIM'], false, true]);
  s.receive(await signedAuthorization(s.ctx(), labContract));
  assert.is(s.last(), 'AuthorizationRes:WARNING_AuthorizationSelectionInvalid');
  assert.equal(s.asked, []);
  eimStillWorks(s);
});

test('offered: PnC before EIM, the session\'s challenge, CertificateInstallationService; a good contract is asked about once, Ongoing until the verdict', async () => {
  const s = authorizing();
  const setup = responseOf(s);
  assert.equal(setup['AuthorizationServices'], ['PnC', 'EIM']);
  assert.is(setup['CertificateInstallationService'], true);
  assert.equal((setup['PnC_ASResAuthorizationMode'] as { GenChallenge: Uint8Array }).GenChallenge, CHALLENGE);
  const request = await signedAuthorization(s.ctx(), labContract);
  s.receive(request);
  assert.equal([s.last(), responseOf(s)['EVSEProcessing'], s.asked], ['AuthorizationRes:OK', 'Ongoing', ['contract']]);
  s.receive(request);
  assert.equal([responseOf(s)['EVSEProcessing'], s.asked.length, s.state()], ['Ongoing', 1, 'WaitForAuthorization']);
  s.reply({ kind: 'contract', code: 'OK', authorized: true });
  s.receive(request);
  assert.equal([s.last(), responseOf(s)['EVSEProcessing'], s.state()], ['AuthorizationRes:OK', 'Finished', 'WaitForServiceDiscovery']);
});

test('the backend refuses the eMAID: WARNING_GeneralPnCAuthorizationError, the session stays for another choice', async () => {
  const s = authorizing();
  const request = await signedAuthorization(s.ctx(), labContract);
  s.receive(request);
  s.reply({ kind: 'contract', code: 'OK', authorized: false });
  s.receive(request);
  assert.equal([s.last(), s.state()], ['AuthorizationRes:WARNING_GeneralPnCAuthorizationError', 'WaitForAuthorization']);
});

test('a tampered signature: FAILED_SignatureError, the session ends, nothing asked', async () => {
  const s = authorizing();
  const request = await signedAuthorization(s.ctx(), labContract);
  const element = (request.document as { AuthorizationReq: { PnC_AReqAuthorizationMode: { GenChallenge: Uint8Array } } }).AuthorizationReq;
  element.PnC_AReqAuthorizationMode.GenChallenge = Uint8Array.from(CHALLENGE).reverse();
  s.receive(request);
  assert.is(s.last(), 'AuthorizationRes:FAILED_SignatureError');
  assert.equal(s.asked, []);
  assert.match(s.state(), /^failed/);
});

test('a contract signed with another key than its certificate\'s: FAILED_SignatureError', async () => {
  const s = authorizing();
  s.receive(await signedAuthorization(s.ctx(), { chain: labContract.chain, signer: softwareSigner(other.contractLeaf.privateKeyPem) }));
  assert.is(s.last(), 'AuthorizationRes:FAILED_SignatureError');
  assert.match(s.state(), /^failed/);
});

test('another challenge, signed well: WARNING_ChallengeInvalid, nothing asked, EIM still possible', async () => {
  const s = authorizing();
  s.receive(await signedAuthorization(s.ctx(), labContract, new Uint8Array(16).fill(7)));
  assert.is(s.last(), 'AuthorizationRes:WARNING_ChallengeInvalid');
  assert.equal(s.asked, []);
  eimStillWorks(s);
});

test('an expired contract: WARNING_CertificateExpired; one not yet valid: WARNING_CertificateNotYetValid; nothing asked', async () => {
  const expired = await contractIssuedAt(labMoSubCa2, new Date(now.getTime() - 800 * 86_400_000));
  const early = await contractIssuedAt(labMoSubCa2, new Date(now.getTime() + 30 * 86_400_000));
  for (const [contract, code] of [[expired, 'WARNING_CertificateExpired'], [early, 'WARNING_CertificateNotYetValid']] as const) {
    const s = authorizing();
    s.receive(await signedAuthorization(s.ctx(), contract));
    assert.is(s.last(), `AuthorizationRes:${code}`);
    assert.equal([s.asked, s.state()], [[], 'WaitForAuthorization']);
  }
});

test('a contract of an MO root the station does not trust: WARNING_CertificateValidationError, nothing asked', async () => {
  const s = authorizing();
  s.receive(await signedAuthorization(s.ctx(), { chain: [other.contractLeaf.der, other.moSubCa2.der, other.moSubCa1.der], signer: softwareSigner(other.contractLeaf.privateKeyPem) }));
  assert.is(s.last(), 'AuthorizationRes:WARNING_CertificateValidationError');
  assert.equal([s.asked, s.state()], [[], 'WaitForAuthorization']);
});

test('a contract revoked at its real OCSP responder: the contract service says so and the EV gets WARNING_CertificateRevoked', async () => {
  if (opensslAbsent) {
    console.log(`NOTICE: -20 revoked contract test skipped: ${opensslAbsent}`);
    return;
  }
  world = await respondingLab(folder, 'iso20', now);
  await world.revoke(world.revocable);
  const c = world.lab.certificates;
  const contract: Contract = { chain: [world.revocable.certificate.der, c.moSubCa2.der, c.moSubCa1.der], signer: softwareSigner(world.revocable.certificate.privateKeyPem) };
  const moRoots = [c.moRootCa.der];
  const service = contractService({ backend: labContractBackend(world.lab, { revocation: false, activeContracts: ['DEKPHC000000002'] }), moRoots });
  const s = authorizing({ ...offer, moRoots });
  const request = await signedAuthorization(s.ctx(), contract);
  s.receive(request);
  assert.equal(s.asked, ['contract']);
  assert.is(s.actor.getSnapshot().context.pending.contract, 'asked');
  const reply = await service.contract({ kind: 'contract', emaid: 'DEKPHC000000002', chain: contract.chain }, new AbortController().signal);
  assert.is(reply.code, 'FAILED_CertificateRevoked', JSON.stringify(reply));
  s.reply(reply);
  s.receive(request);
  assert.equal([s.last(), s.state()], ['AuthorizationRes:WARNING_CertificateRevoked', 'WaitForAuthorization']);
});

test('CertificateInstallationReq: forwarded once, Ongoing until the backend answers, then its signed response as it came', async () => {
  const s = authorizing();
  const request = v2gDocument(
    'iso20-common',
    await signMessage(
      'iso20-common',
      certificateInstallationReq(s.ctx(), { rootCertificateIds: [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: BigInt(`0x${new X509Certificate(lab.v2gRootCa.der).serialNumber}`) }] }, [lab.oemProvisioningLeaf.der, lab.oemSubCa2.der, lab.oemSubCa1.der]).document,
      softwareSigner(lab.oemProvisioningLeaf.privateKeyPem),
    ),
  );
  s.receive(request);
  assert.equal([s.last(), responseOf(s)['EVSEProcessing'], s.asked], ['CertificateInstallationRes:OK', 'Ongoing', ['certificate']]);
  s.receive(request);
  assert.equal([responseOf(s)['EVSEProcessing'], s.asked.length], ['Ongoing', 1]);
  const service = contractService({ backend: labContractBackend(labPki), moRoots: [lab.moRootCa.der] });
  const reply = await service.certificate({ kind: 'certificate', action: 'Install', message: { schema: 'iso20-common', document: request.document } }, new AbortController().signal);
  assert.ok(reply.body, reply.reason);
  s.reply(reply);
  s.receive(request);
  const res = responseOf(s) as unknown as CertificateInstallationResType;
  assert.equal([s.last(), res.EVSEProcessing, s.state()], ['CertificateInstallationRes:OK', 'Finished', 'WaitForAuthorization']);
  assert.ok(res.Header.Signature, 'the CPS signature reaches the EV');
});

test('CertificateInstallationReq where the station offers no installation: FAILED', async () => {
  const s = authorizing({ ...offer, certificateInstallation: false });
  assert.is(responseOf(s)['CertificateInstallationService'], false);
  s.receive(certificateInstallationReq(s.ctx(), { rootCertificateIds: [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: 1n }] }, [lab.oemProvisioningLeaf.der, lab.oemSubCa2.der, lab.oemSubCa1.der]));
  assert.is(s.last(), 'CertificateInstallationRes:FAILED');
  assert.match(s.state(), /^failed/);
});

test('the chart\'s CertificateInstallationReq transition was taken (secc-transitions.test.ts leaves it to this file)', () => {
  assert.equal(coverage.missing(iso20SeccMachine).filter((m) => m.includes('--CertificateInstallationReq-->')), []);
});

test.run();
