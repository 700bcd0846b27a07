/**
 * The local contract backend over a lab PKI whose MO CAs are served by real `openssl ocsp` responders: ISO 15118-2
 * CertificateInstallation and CertificateUpdate round trips as the EV sees them (the Res decodes, its signature
 * verifies with the SA provisioning leaf, its chain to the V2G root, the contract chain to the MO root, the EV decrypts
 * the contract key and it belongs to the certificate), every refusal with its response code, and OCPP authorize with a
 * chain, with OCSP hash data alone, for a revoked, an unknown and a cancelled contract. And -20's CertificateInstallation
 * (P-521, SECP521 key delivery) over a -20 lab without responders.
 */
import { createPrivateKey, KeyObject, sign, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode } from '../../codecs/exi/index.js';
import type { CertificateChainType, CertificateInstallationResType, V2G_MessageType } from '../../codecs/exi/generated/iso2.types.js';
import type { CertificateInstallationResType as Iso20InstallationRes } from '../../codecs/exi/generated/iso20-common.types.js';
import { labContractBackend, loadLabContractBackend, ocspRequestData, verifyCertificateChain, verifyContractChain, type LocalContractBackend } from '../../crypto/backend/index.js';
import { decryptContractKeyIso2, decryptContractKeyIso20 } from '../../crypto/contract-key/index.js';
import { subjectKeyIdentifierOf } from '../../crypto/x509/certificate-info.js';
import { derToPem, DEFAULT_EMAID, generateLabPki, loadLabPki, saveLabPki, type LabPki } from '../../crypto/index.js';
import { softwareSigner } from '../../crypto/signer.js';
import { signMessage, verifyMessage } from '../../crypto/xmldsig/index.js';
import { respondingLab, type RespondingLab } from './contract-pki-fixtures.js';
import { opensslAbsent } from './ocsp-fixtures.js';

type Iso2Document = { V2G_Message: V2G_MessageType };

const ISO2 = 'urn:iso:15118:2:2013:MsgDef';
const SESSION_ID = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const folder = mkdtempSync(join(tmpdir(), 'kopher-contract-backend-'));
const now = new Date();
let world: RespondingLab;
let lab: LabPki;
let backend: LocalContractBackend;
const never = new AbortController().signal;

test.before(async () => {
  if (opensslAbsent) return;
  world = await respondingLab(folder, 'iso2', now);
  lab = world.lab;
  backend = labContractBackend(lab, { caDatabase: world.contractDatabase, activeContracts: [DEFAULT_EMAID, 'DEKPHC000000002'] });
});

test.after(async () => {
  await world?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const skipped = (): boolean => {
  if (opensslAbsent) console.log(`NOTICE: local contract backend tests skipped: ${opensslAbsent}`);
  return opensslAbsent !== undefined;
};

const serialOf = (der: Uint8Array): bigint => BigInt(`0x${new X509Certificate(der).serialNumber}`);
const rootIds = (root: Uint8Array = lab.certificates.v2gRootCa.der) => ({ RootCertificateID: [{ X509IssuerName: 'CN=V2GRootCA,O=KopherV2G Test PKI,C=DE,DC=V2G', X509SerialNumber: serialOf(root) }] });
const chainOf = (chain: CertificateChainType): Uint8Array[] => [chain.Certificate, ...(chain.SubCertificates?.Certificate ?? [])];
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** The EV's CertificateInstallationReq, signed with its OEM provisioning key, as base64 EXI. */
async function installRequest(options: { oemCertificate?: Uint8Array; oemKeyPem?: string; rootCertificateIds?: ReturnType<typeof rootIds>; tamper?: boolean; from?: LabPki } = {}): Promise<string> {
  const c = (options.from ?? lab).certificates;
  const document: Iso2Document = {
    V2G_Message: {
      Header: { SessionID: SESSION_ID },
      Body: { CertificateInstallationReq: { '@Id': 'req', OEMProvisioningCert: options.oemCertificate ?? c.oemProvisioningLeaf.der, ListOfRootCertificateIDs: options.rootCertificateIds ?? rootIds(c.v2gRootCa.der) } },
    },
  };
  const signed = await signMessage('iso2', document, softwareSigner(options.oemKeyPem ?? c.oemProvisioningLeaf.privateKeyPem));
  if (options.tamper) signed.V2G_Message.Body.CertificateInstallationReq!.ListOfRootCertificateIDs.RootCertificateID[0]!.X509IssuerName = 'CN=Someone';
  return b64(encode('iso2', signed));
}

/** The EV's CertificateUpdateReq for the contract `chain`, signed with the contract's key. */
async function updateRequest(chain: readonly Uint8Array[], keyPem: string, emaid: string): Promise<string> {
  const document: Iso2Document = {
    V2G_Message: {
      Header: { SessionID: SESSION_ID },
      Body: {
        CertificateUpdateReq: {
          '@Id': 'req',
          ContractSignatureCertChain: { Certificate: chain[0]!, SubCertificates: { Certificate: chain.slice(1) } },
          eMAID: emaid,
          ListOfRootCertificateIDs: rootIds(),
        },
      },
    },
  };
  return b64(encode('iso2', await signMessage('iso2', document, softwareSigner(keyPem))));
}

/** The Res as the EV reads it: decoded, SessionID echoed. */
function responseOf(exiResponse: string, name: 'CertificateInstallationRes' | 'CertificateUpdateRes'): { document: Iso2Document; res: CertificateInstallationResType } {
  const document = decode('iso2', new Uint8Array(Buffer.from(exiResponse, 'base64'))) as Iso2Document;
  assert.equal(document.V2G_Message.Header.SessionID, SESSION_ID);
  const res = document.V2G_Message.Body[name];
  assert.ok(res, `the body is a ${name}`);
  return { document, res: res! };
}

/** What the EV checks of an accepted Res; the decrypted contract key, proven to sign for the contract certificate. */
function acceptedByEv(document: Iso2Document, res: CertificateInstallationResType, receiverKeyPem: string, from: LabPki = lab): { chain: Uint8Array[]; keyPem: string } {
  const c = from.certificates;
  assert.is(res.ResponseCode, 'OK');
  const saChain = chainOf(res.SAProvisioningCertificateChain);
  const signature = verifyMessage('iso2', document, new X509Certificate(saChain[0]!));
  assert.ok(signature.verified && signature.unsigned.length === 0, JSON.stringify(signature));
  assert.equal(signature.references.map((r) => r.element), ['ContractSignatureCertChain', 'ContractSignatureEncryptedPrivateKey', 'DHpublickey', 'eMAID']);
  assert.ok(verifyCertificateChain(saChain, [c.v2gRootCa.der], now).ok, 'the SA provisioning chain ends at the V2G root the EV named');
  const chain = chainOf(res.ContractSignatureCertChain);
  const verdict = verifyContractChain(chain, [c.moRootCa.der], now);
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.is(verdict.emaid, res.eMAID['#text']);
  const contractCertificate = new X509Certificate(chain[0]!);
  const key = decryptContractKeyIso2({
    receiver: createPrivateKey(receiverKeyPem),
    encryptedPrivateKey: res.ContractSignatureEncryptedPrivateKey['#text'],
    dhPublicKey: res.DHpublickey['#text'],
    contractPublicKey: contractCertificate.publicKey,
  });
  const challenge = Buffer.from('GenChallenge');
  assert.ok(verify('sha256', challenge, contractCertificate.publicKey, sign('sha256', challenge, key)), 'the decrypted key signs for the certificate');
  return { chain, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function refusedWith(response: { status: string; exiResponse: string }, name: 'CertificateInstallationRes' | 'CertificateUpdateRes', code: string): void {
  assert.is(response.status, 'Failed');
  const { document, res } = responseOf(response.exiResponse, name);
  assert.is(res.ResponseCode, code);
  assert.is(document.V2G_Message.Header.Signature, undefined, 'a refusal is not signed');
}

test('CertificateInstallation: the EV gets a contract for its PCID, signed, decryptable, recorded at the MO CA', async () => {
  if (skipped()) return;
  const response = await backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest: await installRequest() }, never);
  assert.is(response.status, 'Accepted');
  const { document, res } = responseOf(response.exiResponse, 'CertificateInstallationRes');
  const installed = acceptedByEv(document, res, lab.certificates.oemProvisioningLeaf.privateKeyPem);
  assert.is(res.eMAID['#text'], DEFAULT_EMAID);
  assert.is.not(serialOf(installed.chain[0]!), serialOf(lab.certificates.contractLeaf.der), 'a new certificate');
  assert.ok(readFileSync(world.contractDatabase, 'utf8').includes(new X509Certificate(installed.chain[0]!).serialNumber.toUpperCase()), 'recorded in MO Sub-CA 2\'s database');
  await world.refresh();
  const authorized = await backend.authorize({ idToken: { idToken: DEFAULT_EMAID, type: 'eMAID' }, certificate: installed.chain.map((d) => derToPem('CERTIFICATE', d)).join('') }, never);
  assert.equal(authorized, { idTokenInfo: { status: 'Accepted' }, certificateStatus: 'Accepted' }, 'its responder knows it as good');
});

test('CertificateUpdate: the EV\'s current contract is replaced, the key encrypted to the old contract\'s key', async () => {
  if (skipped()) return;
  const c = lab.certificates;
  const old = [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der];
  const response = await backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Update', exiRequest: await updateRequest(old, c.contractLeaf.privateKeyPem, DEFAULT_EMAID) }, never);
  assert.is(response.status, 'Accepted');
  const { document, res } = responseOf(response.exiResponse, 'CertificateUpdateRes');
  const updated = acceptedByEv(document, res, c.contractLeaf.privateKeyPem);
  assert.is(res.eMAID['#text'], DEFAULT_EMAID);
  // The updated contract updates in turn, signed with the key the EV decrypted.
  await world.refresh();
  const again = await backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Update', exiRequest: await updateRequest(updated.chain, updated.keyPem, DEFAULT_EMAID) }, never);
  assert.is(again.status, 'Accepted');
});

test('CertificateInstallation refused: tampered signature, another OEM, no contract for the PCID, no V2G root in common', async () => {
  if (skipped()) return;
  const install = async (exiRequest: string) => backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest }, never);
  refusedWith(await install(await installRequest({ tamper: true })), 'CertificateInstallationRes', 'FAILED_SignatureError');
  refusedWith(await install(await installRequest({ oemKeyPem: lab.certificates.contractLeaf.privateKeyPem })), 'CertificateInstallationRes', 'FAILED_SignatureError');
  const stranger = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false, now });
  const foreign = await installRequest({ oemCertificate: stranger.certificates.oemProvisioningLeaf.der, oemKeyPem: stranger.certificates.oemProvisioningLeaf.privateKeyPem });
  refusedWith(await install(foreign), 'CertificateInstallationRes', 'FAILED_CertChainError');
  const unknownVehicle = labContractBackend(lab, { contracts: new Map([['OTHERPCID000000001', DEFAULT_EMAID]]), revocation: false });
  refusedWith(await unknownVehicle.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest: await installRequest() }, never), 'CertificateInstallationRes', 'FAILED_NoCertificateAvailable');
  refusedWith(await install(await installRequest({ rootCertificateIds: rootIds(stranger.certificates.v2gRootCa.der) })), 'CertificateInstallationRes', 'FAILED_NoCertificateAvailable');
});

test('CertificateUpdate refused: a revoked contract, a cancelled one, an eMAID not the certificate\'s, an expired one', async () => {
  if (skipped()) return;
  const c = lab.certificates;
  const chainWith = (leaf: Uint8Array): Uint8Array[] => [leaf, c.moSubCa2.der, c.moSubCa1.der];
  const update = async (exiRequest: string, on: LocalContractBackend = backend) => on.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Update', exiRequest }, never);
  const revocable = world.revocable.certificate;
  await world.revoke(world.revocable);
  refusedWith(await update(await updateRequest(chainWith(revocable.der), revocable.privateKeyPem, 'DEKPHC000000002')), 'CertificateUpdateRes', 'FAILED_CertificateRevoked');
  const cancelled = labContractBackend(lab, { activeContracts: [], revocation: false });
  refusedWith(await update(await updateRequest(chainWith(c.contractLeaf.der), c.contractLeaf.privateKeyPem, DEFAULT_EMAID), cancelled), 'CertificateUpdateRes', 'FAILED_ContractCanceled');
  refusedWith(await update(await updateRequest(chainWith(c.contractLeaf.der), c.contractLeaf.privateKeyPem, 'DEKPHC000000009')), 'CertificateUpdateRes', 'FAILED_CertChainError');
  const later = labContractBackend(lab, { revocation: false, now: () => new Date(now.getTime() + 731 * 86_400_000) });
  refusedWith(await update(await updateRequest(chainWith(c.contractLeaf.der), c.contractLeaf.privateKeyPem, DEFAULT_EMAID), later), 'CertificateUpdateRes', 'FAILED_CertificateExpired');
});

test('requests that cannot be read, or of a schema it does not serve: Failed with no Res; an aborted call rejects', async () => {
  if (skipped()) return;
  assert.equal(await backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest: 'AAEC' }, never), { status: 'Failed', exiResponse: '' });
  const sessionStop = b64(encode('iso2', { V2G_Message: { Header: { SessionID: SESSION_ID }, Body: { SessionStopReq: { ChargingSession: 'Terminate' } } } }));
  assert.equal(await backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest: sessionStop }, never), { status: 'Failed', exiResponse: '' });
  assert.equal(await backend.get15118EvCertificate({ iso15118SchemaVersion: 'urn:din:70121:2012:MsgDef', action: 'Install', exiRequest: await installRequest() }, never), { status: 'Failed', exiResponse: '' });
  const controller = new AbortController();
  controller.abort(new Error('EV left'));
  await backend.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest: await installRequest() }, controller.signal).then(
    () => assert.unreachable('resolved though aborted'),
    (e: unknown) => assert.is((e as Error).message, 'EV left'),
  );
});

test('authorize with OCSP hash data alone: the backend asks the responders the data names', async () => {
  if (skipped()) return;
  const c = lab.certificates;
  const hashData = ocspRequestData([c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der], [c.moRootCa.der]);
  assert.is(hashData.length, 3);
  assert.equal(await backend.authorize({ idToken: { idToken: DEFAULT_EMAID, type: 'eMAID' }, iso15118CertificateHashData: hashData }, never), {
    idTokenInfo: { status: 'Accepted' },
    certificateStatus: 'Accepted',
  });
  await world.revoke(world.revocable);
  const revoked = ocspRequestData([world.revocable.certificate.der, c.moSubCa2.der, c.moSubCa1.der], [c.moRootCa.der]);
  assert.equal(await backend.authorize({ idToken: { idToken: 'DEKPHC000000002', type: 'eMAID' }, iso15118CertificateHashData: revoked }, never), {
    idTokenInfo: { status: 'Invalid' },
    certificateStatus: 'CertificateRevoked',
  });
  const unknown = ocspRequestData([world.unrecorded.certificate.der, c.moSubCa2.der, c.moSubCa1.der], [c.moRootCa.der]);
  assert.equal((await backend.authorize({ idToken: { idToken: 'DEKPHC000000003', type: 'eMAID' }, iso15118CertificateHashData: unknown }, never)).certificateStatus, 'CertChainError');
});

test('authorize with a chain: C07\'s pairs for a good, expired, foreign, mismatched and cancelled contract', async () => {
  if (skipped()) return;
  const c = lab.certificates;
  const pem = (...ders: Uint8Array[]): string => ders.map((d) => derToPem('CERTIFICATE', d)).join('');
  const chain = pem(c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der);
  const authorize = (idToken: string, certificate: string, on: LocalContractBackend = backend) => on.authorize({ idToken: { idToken, type: 'eMAID' }, certificate }, never);
  assert.equal(await authorize('DE-KPH-C00000000-1', chain), { idTokenInfo: { status: 'Accepted' }, certificateStatus: 'Accepted' }, 'eMAID separators do not matter');
  const later = labContractBackend(lab, { revocation: false, now: () => new Date(now.getTime() + 731 * 86_400_000) });
  assert.equal(await authorize(DEFAULT_EMAID, chain, later), { idTokenInfo: { status: 'Expired' }, certificateStatus: 'CertificateExpired' });
  const stranger = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false, now });
  const s = stranger.certificates;
  assert.equal(await authorize(DEFAULT_EMAID, pem(s.contractLeaf.der, s.moSubCa2.der, s.moSubCa1.der)), { idTokenInfo: { status: 'Invalid' }, certificateStatus: 'CertChainError' });
  assert.equal(await authorize('DEKPHC000000009', chain), { idTokenInfo: { status: 'Invalid' }, certificateStatus: 'CertChainError' });
  assert.equal(await authorize(DEFAULT_EMAID, 'not PEM'), { idTokenInfo: { status: 'Invalid' }, certificateStatus: 'CertChainError' });
  backend.cancel(DEFAULT_EMAID);
  assert.equal(await authorize(DEFAULT_EMAID, chain), { idTokenInfo: { status: 'Unknown' }, certificateStatus: 'ContractCancelled' });
  assert.equal(await backend.authorize({ idToken: { idToken: DEFAULT_EMAID, type: 'eMAID' } }, never), { idTokenInfo: { status: 'Unknown' } }, 'no certificate: the eMAID alone');
});

test('a lab folder from pki init serves as the backend: loaded back whole, new contracts recorded in its MO Sub-CA 2 database', async () => {
  if (skipped()) return;
  const dir = join(folder, 'lab');
  const saved = await generateLabPki({ profile: 'iso2', now });
  await saveLabPki(saved, dir);
  const loaded = await loadLabPki(dir);
  assert.equal([loaded.profile, loaded.keyAlgorithm, Object.keys(loaded.certificates).sort()], [saved.profile, saved.keyAlgorithm, Object.keys(saved.certificates).sort()]);
  assert.equal(loaded.certificates.moSubCa2.der, saved.certificates.moSubCa2.der);
  // The folder's certificates name a responder on 127.0.0.1:8080 that does not run here.
  const fromFolder = await loadLabContractBackend(dir, { revocation: false });
  const before = readFileSync(join(dir, 'ocsp', 'MOSubCA2.index.txt'), 'utf8').trim().split('\n').length;
  const response = await fromFolder.get15118EvCertificate({ iso15118SchemaVersion: ISO2, action: 'Install', exiRequest: await installRequest({ from: loaded }) }, never);
  assert.is(response.status, 'Accepted');
  const { document, res } = responseOf(response.exiResponse, 'CertificateInstallationRes');
  acceptedByEv(document, res, loaded.certificates.oemProvisioningLeaf.privateKeyPem, loaded);
  const after = readFileSync(join(dir, 'ocsp', 'MOSubCA2.index.txt'), 'utf8').trim().split('\n');
  assert.is(after.length, before + 1);
  assert.match(after.at(-1)!, /^V\t.*\/CN=DEKPHC000000001\//);
  assert.is(readFileSync(join(dir, 'ocsp', 'MOSubCA2.index.txt.attr'), 'utf8'), 'unique_subject = no\n');
});

test('-20 CertificateInstallation: a P-521 contract, SignedInstallationData signed by the CPS leaf, the key decrypted with PCID and SKI', async () => {
  const lab20 = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false, now });
  const c = lab20.certificates;
  const backend20 = labContractBackend(lab20);
  const request = {
    CertificateInstallationReq: {
      Header: { SessionID: SESSION_ID, TimeStamp: BigInt(Math.floor(now.getTime() / 1000)) },
      OEMProvisioningCertificateChain: { '@Id': 'oem', Certificate: c.oemProvisioningLeaf.der, SubCertificates: { Certificate: [c.oemSubCa2.der, c.oemSubCa1.der] } },
      ListOfRootCertificateIDs: { RootCertificateID: [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: serialOf(c.v2gRootCa.der) }] },
      MaximumContractCertificateChains: 1,
    },
  };
  const signedRequest = await signMessage('iso20-common', request, softwareSigner(c.oemProvisioningLeaf.privateKeyPem));
  const install = (exiRequest: string, schema = 'urn:iso:std:iso:15118:-20:DC') => backend20.get15118EvCertificate({ iso15118SchemaVersion: schema, action: 'Install', exiRequest }, never);
  const response = await install(b64(encode('iso20-common', signedRequest)));
  assert.is(response.status, 'Accepted');
  const document = decode('iso20-common', new Uint8Array(Buffer.from(response.exiResponse, 'base64'))) as { CertificateInstallationRes: Iso20InstallationRes };
  const res = document.CertificateInstallationRes;
  assert.equal([res.ResponseCode, res.EVSEProcessing, res.Header.SessionID], ['OK', 'Finished', SESSION_ID]);
  const cps = new X509Certificate(res.CPSCertificateChain.Certificate);
  assert.ok(verifyMessage('iso20-common', document, cps).verified, 'signed by the CPS leaf');
  const data = res.SignedInstallationData;
  const chain = chainOf(data.ContractCertificateChain);
  const verdict = verifyContractChain(chain, [c.moRootCa.der], now);
  assert.ok(verdict.ok && verdict.emaid === DEFAULT_EMAID, JSON.stringify(verdict));
  assert.equal([data.ECDHCurve, data.DHPublicKey.length, data.SECP521_EncryptedPrivateKey?.length], ['SECP521', 133, 94]);
  const key = decryptContractKeyIso20({
    curve: 'SECP521',
    receiver: createPrivateKey(c.oemProvisioningLeaf.privateKeyPem),
    dhPublicKey: data.DHPublicKey,
    encryptedPrivateKey: data.SECP521_EncryptedPrivateKey!,
    pcid: new X509Certificate(c.oemProvisioningLeaf.der).subject.match(/CN=([^\n]+)/)![1]!,
    contractSki: subjectKeyIdentifierOf(chain[0]!, 'contract leaf')!,
    contractPublicKey: new X509Certificate(chain[0]!).publicKey,
  });
  assert.ok(key instanceof KeyObject && key.asymmetricKeyDetails?.namedCurve === 'secp521r1');
  // A tampered request: FAILED_SignatureError in a -20 Res; no contract for the vehicle: its own WARNING.
  const tampered = structuredClone(signedRequest);
  // -20 signs OEMProvisioningCertificateChain alone: a change there breaks the reference.
  tampered.CertificateInstallationReq.OEMProvisioningCertificateChain.SubCertificates.Certificate.reverse();
  const refusedTampered = await install(b64(encode('iso20-common', tampered)));
  const codeOf = (r: { exiResponse: string }): string => (decode('iso20-common', new Uint8Array(Buffer.from(r.exiResponse, 'base64'))) as { CertificateInstallationRes: Iso20InstallationRes }).CertificateInstallationRes.ResponseCode;
  assert.equal([refusedTampered.status, codeOf(refusedTampered)], ['Failed', 'FAILED_SignatureError']);
  const stranger = labContractBackend(lab20, { contracts: new Map() });
  const noContract = await stranger.get15118EvCertificate({ iso15118SchemaVersion: 'urn:iso:std:iso:15118:-20:CommonMessages', action: 'Install', exiRequest: b64(encode('iso20-common', signedRequest)) }, never);
  assert.equal([noContract.status, codeOf(noContract)], ['Failed', 'WARNING_NoContractMatchingPCIDFound']);
  assert.equal(await backend20.get15118EvCertificate({ iso15118SchemaVersion: 'urn:iso:std:iso:15118:-20:DC', action: 'Update', exiRequest: b64(encode('iso20-common', signedRequest)) }, never), { status: 'Failed', exiResponse: '' }, '-20 has no CertificateUpdate');
});

test.run();
