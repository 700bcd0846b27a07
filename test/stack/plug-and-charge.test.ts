/**
 * ISO 15118-2 Plug & Charge end to end over TLS 1.2, our EVCC and our SECC through the running stack: the SECC checks
 * contracts against its MO root, asks real `openssl ocsp` responders about their revocation and the local contract
 * backend (over the lab PKI) about their authorization, and forwards certificate installations and updates to it; the
 * EV signs with its contract store's keys and keeps what is delivered. With an installed contract, with
 * CertificateInstallation first, with CertificateUpdate; MeteringReceipt; with a contract key that never leaves a
 * PKCS#11 token (SoftHSM2); and the refusals with the standard's codes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccPlugAndCharge } from '../../actors/session/evcc-contract-channel.js';
import { contractService } from '../../actors/session/secc-contract-service.js';
import { evccSettingsFor } from '../../cli/protocol-choice.js';
import { labContractBackend, type ContractBackend, type LocalContractBackend } from '../../crypto/backend/index.js';
import { memoryContractStore, type EvContract, type EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { generateTokenKeyPair, openTokenSigner } from '../../crypto/hsm/index.js';
import { findObjects, openTokenSession } from '../../crypto/hsm/token-session.js';
import { certifyRole, DEFAULT_EMAID, generateLabPki, issueRole, readCertificate, type IssuedCertificate } from '../../crypto/index.js';
import { caDatabaseEntryOf, recordInCaDatabase } from '../../crypto/pki/ca-database.js';
import type { EcdsaSigner } from '../../crypto/signer.js';
import { createSoftHsmToken, softHsmAbsent } from '../crypto/hsm-fixtures.js';
import { respondingLab, type RespondingLab } from '../crypto/contract-pki-fixtures.js';
import { opensslAbsent } from '../crypto/ocsp-fixtures.js';
import { chargeEv, namesOf, startTestStation, type TestStation } from './harness.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-pnc-'));
const now = new Date();
/** The contract whose key is on the EV's token. */
const TOKEN_EMAID = 'DEKPHC000000005';
let world: RespondingLab;
let backend: LocalContractBackend;

test.before(async () => {
  if (opensslAbsent) return;
  world = await respondingLab(folder, 'iso2', now);
  backend = labContractBackend(world.lab, { caDatabase: world.contractDatabase, activeContracts: [DEFAULT_EMAID, 'DEKPHC000000002', TOKEN_EMAID] });
});

test.after(async () => {
  await world?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const skipped = (): boolean => {
  if (opensslAbsent) console.log(`NOTICE: Plug & Charge end-to-end tests skipped: ${opensslAbsent}`);
  return opensslAbsent !== undefined;
};

/** The EV's store: the lab's OEM provisioning key, the V2G root, and `contract` with its key where it holds one. */
function storeWith(contract: { readonly emaid: string; readonly leaf: IssuedCertificate } | undefined): EvContractStore {
  const c = world.lab.certificates;
  return memoryContractStore({
    ...(contract ? { contract: { emaid: contract.emaid, chain: [contract.leaf.der, c.moSubCa2.der, c.moSubCa1.der], keyPem: contract.leaf.privateKeyPem } } : {}),
    provisioning: { certificate: c.oemProvisioningLeaf.der, keyPem: c.oemProvisioningLeaf.privateKeyPem },
    v2gRoots: [c.v2gRootCa.der],
  });
}

const labContract = () => ({ emaid: DEFAULT_EMAID, leaf: world.lab.certificates.contractLeaf });

async function station(): Promise<TestStation> {
  const moRoots = [world.lab.certificates.moRootCa.der];
  // `openssl ocsp` takes up a contract recorded in its CA database at its next request: poked once a contract was
  // issued, its responder knows it when the EV presents it.
  const issuing: ContractBackend = {
    authorize: (request, signal) => backend.authorize(request, signal),
    get15118EvCertificate: async (request, signal) => {
      const response = await backend.get15118EvCertificate(request, signal);
      await world.refresh();
      return response;
    },
  };
  return startTestStation('dc', { pki: world.lab.certificates, meterId: 'KPH-METER-1', plugAndCharge: { moRoots, contracts: contractService({ backend: issuing, moRoots }) } });
}

/** One EV's DC session with Plug & Charge over TLS (or, `tls: false`, asking for it over TCP): its messages, outcome, and the SECC's. */
async function plugAndCharge(store: EvContractStore, certificate?: 'install' | 'update', tls = true) {
  const s = await station();
  try {
    const { settings } = evccSettingsFor('iso2-dc');
    const { result } = await chargeEv(s.station, 'iso2-dc', {
      ...(tls ? { pki: world.lab.certificates } : {}),
      contractStore: store,
      settings: { ...settings, iso2: { ...settings.iso2!, plugAndCharge: evccPlugAndCharge(store, certificate) } },
    });
    const secc = await s.sessions[0]?.outcome;
    return { result, secc, ev: namesOf(result.messages), codes: result.messages.filter((m) => m.responseCode).map((m) => `${m.name}:${m.responseCode}`) };
  } finally {
    await s.close();
  }
}

test('an installed contract: Contract, PaymentDetails, the signed GenChallenge, a signed MeteringReceipt, charged to SessionStop', async () => {
  if (skipped()) return;
  const run = await plugAndCharge(storeWith(labContract()));
  assert.is(run.result.outcome.result, 'stopped', JSON.stringify(run.result.outcome));
  assert.is(run.result.security, 'tls1.2');
  assert.is(run.secc?.result, 'stopped');
  for (const code of ['PaymentServiceSelectionRes:OK', 'PaymentDetailsRes:OK', 'AuthorizationRes:OK', 'MeteringReceiptRes:OK']) assert.ok(run.codes.includes(code), `${code} in ${run.codes.join(' ')}`);
  assert.not.ok(run.ev.includes('CertificateInstallationReq'));
});

test('CertificateInstallation first: the EV without a contract gets one, decrypts its key, keeps it and charges with it', async () => {
  if (skipped()) return;
  const store = storeWith(undefined);
  const run = await plugAndCharge(store);
  assert.is(run.result.outcome.result, 'stopped', JSON.stringify(run.result.outcome));
  assert.ok(run.codes.includes('CertificateInstallationRes:OK'), run.codes.join(' '));
  assert.ok(run.codes.includes('AuthorizationRes:OK'), 'the new contract key signs the challenge');
  assert.is(store.contract()?.emaid.replaceAll('-', ''), DEFAULT_EMAID);
});

test('CertificateUpdate: the contract renewed, the new one presented and used', async () => {
  if (skipped()) return;
  const store = storeWith(labContract());
  const before = store.contract()!.chain[0];
  const run = await plugAndCharge(store, 'update');
  assert.is(run.result.outcome.result, 'stopped', JSON.stringify(run.result.outcome));
  assert.ok(run.codes.includes('CertificateUpdateRes:OK'), run.codes.join(' '));
  assert.not.equal(store.contract()!.chain[0], before, 'a new contract certificate is kept');
  assert.ok(run.codes.includes('AuthorizationRes:OK'));
});

test('a revoked contract (real OCSP): PaymentDetailsRes FAILED_CertificateRevoked, both sides failed, nothing charged', async () => {
  if (skipped()) return;
  await world.revoke(world.revocable);
  const run = await plugAndCharge(storeWith({ emaid: 'DEKPHC000000002', leaf: world.revocable.certificate }));
  assert.ok(run.codes.includes('PaymentDetailsRes:FAILED_CertificateRevoked'), run.codes.join(' '));
  assert.is(run.result.outcome.result, 'failed');
  assert.is(run.secc?.result, 'failed');
  assert.not.ok(run.ev.includes('CurrentDemandReq'));
});

test('refused with the standard\'s codes: a contract under an unknown MO root, an expired one; PnC never without TLS', async () => {
  if (skipped()) return;
  const stranger = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false, now });
  const foreign = memoryContractStore({
    contract: {
      emaid: DEFAULT_EMAID,
      chain: [stranger.certificates.contractLeaf.der, stranger.certificates.moSubCa2.der, stranger.certificates.moSubCa1.der],
      keyPem: stranger.certificates.contractLeaf.privateKeyPem,
    },
    provisioning: { certificate: world.lab.certificates.oemProvisioningLeaf.der, keyPem: world.lab.certificates.oemProvisioningLeaf.privateKeyPem },
    v2gRoots: [world.lab.certificates.v2gRootCa.der],
  });
  const unknownRoot = await plugAndCharge(foreign);
  assert.ok(unknownRoot.codes.includes('PaymentDetailsRes:FAILED_CertChainError'), unknownRoot.codes.join(' '));
  assert.is(unknownRoot.secc?.result, 'failed');

  const old = await issueRole('contractLeaf', { commonName: 'DEKPHC000000004', keyAlgorithm: 'P-256', now: new Date(now.getTime() - 800 * 86_400_000), issuer: world.moSubCa2 });
  const expired = await plugAndCharge(storeWith({ emaid: 'DEKPHC000000004', leaf: old.certificate }));
  assert.ok(expired.codes.includes('PaymentDetailsRes:FAILED_CertificateExpired'), expired.codes.join(' '));
  assert.not.ok(expired.ev.includes('AuthorizationReq'));

  const plain = await plugAndCharge(storeWith(labContract()), undefined, false);
  assert.is(plain.result.security, 'tcp');
  assert.is(plain.result.outcome.result, 'stopped', 'over TCP the EV charges by EIM');
  assert.ok(plain.ev.includes('PaymentServiceSelectionReq') && !plain.ev.includes('PaymentDetailsReq'), plain.ev.join(' '));
});

/**
 * The EV's store with its contract key on a PKCS#11 token: the contract and its signatures from there, the OEM
 * provisioning key and V2G roots as `storeWith` has them. A delivered contract key would arrive in clear in this
 * process, which is not where this store keeps its contract key, so it takes none.
 */
function tokenContractStore(contract: EvContract, signer: EcdsaSigner): EvContractStore {
  const base = storeWith(undefined);
  return {
    ...base,
    contract: () => contract,
    contractSigner: () => signer,
    agreementKey: (action) => (action === 'Install' ? base.agreementKey('Install') : undefined),
    install: () => Promise.reject(new RangeError('this store keeps its contract key on a token, not a delivered one')),
  };
}

test('a contract key that never leaves a PKCS#11 token signs AuthorizationReq and MeteringReceiptReq: both OK', async () => {
  if (skipped()) return;
  if (softHsmAbsent) {
    console.log(`NOTICE: Plug & Charge with a token key skipped: ${softHsmAbsent}`);
    return;
  }
  const softHsm = createSoftHsmToken('kopher-ev-contract', 'KOPHER_TEST_EV_CONTRACT_PIN');
  try {
    const id = randomBytes(8);
    const publicKey = generateTokenKeyPair(softHsm.config, { curve: 'P-256', label: 'contract', id });
    const signer = openTokenSigner({ ...softHsm.config, key: { id } });
    try {
      const ocspUrl = readCertificate(world.lab.certificates.contractLeaf.der, 'contract leaf').ocspUrls[0]!;
      const { der } = await certifyRole('contractLeaf', { publicKey }, { commonName: TOKEN_EMAID, issuer: world.moSubCa2, ocspUrl, now });
      await recordInCaDatabase(world.contractDatabase, caDatabaseEntryOf(der));
      await world.refresh();
      const c = world.lab.certificates;
      const signatures: string[] = [];
      const counting: EcdsaSigner = { curve: signer.curve, sign: (data, hash) => (signatures.push(hash), signer.sign(data, hash)) };
      const run = await plugAndCharge(tokenContractStore({ emaid: TOKEN_EMAID, chain: [der, c.moSubCa2.der, c.moSubCa1.der] }, counting));
      assert.is(run.result.outcome.result, 'stopped', JSON.stringify(run.result.outcome));
      assert.is(run.secc?.result, 'stopped');
      for (const code of ['PaymentDetailsRes:OK', 'AuthorizationRes:OK', 'MeteringReceiptRes:OK']) assert.ok(run.codes.includes(code), `${code} in ${run.codes.join(' ')}`);
      assert.ok(signatures.length >= 2, `the token signed AuthorizationReq and MeteringReceiptReq (${signatures.length} signatures)`);
    } finally {
      signer.close();
    }

    const session = openTokenSession(softHsm.config);
    try {
      const [privateKey] = findObjects(session, 'contract key', pkcs11js.CKO_PRIVATE_KEY, { id });
      assert.ok(privateKey, 'the contract key is on the token');
      const flags = session.pkcs11.C_GetAttributeValue(session.session, privateKey, [{ type: pkcs11js.CKA_SENSITIVE }, { type: pkcs11js.CKA_EXTRACTABLE }, { type: pkcs11js.CKA_NEVER_EXTRACTABLE }]);
      assert.equal(flags.map((a) => a.value[0]), [1, 0, 1], 'sensitive, not extractable, never extractable');
      assert.throws(() => session.pkcs11.C_GetAttributeValue(session.session, privateKey, [{ type: pkcs11js.CKA_VALUE }]), /CKR_ATTRIBUTE_SENSITIVE/, 'its value cannot be read out');
    } finally {
      session.close();
    }
  } finally {
    softHsm.remove();
  }
});

test.run();
