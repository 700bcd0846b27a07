/**
 * The EV's side of an ISO 15118-20 installation delivered with ECDHCurve X448 (actors/session/evcc-contract-service):
 * a CertificateInstallationRes signed by the lab's CPS leaf, the key encrypted to X448. Whatever the vehicle's keys,
 * nothing is installed: with a P-521 agreement key there is no X448 agreement; with an X448 one the key decrypts but
 * belongs to no P-521 contract certificate.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evccContractService } from '../../actors/session/evcc-contract-service.js';
import type { CertificateInstallationResType } from '../../codecs/exi/generated/iso20-common.types.js';
import { encryptContractKeyIso20 } from '../../crypto/contract-key/index.js';
import { memoryContractStore, type EvContract, type EvContractStore } from '../../crypto/contract-store/ev-contract-store.js';
import { generateLabPki } from '../../crypto/index.js';
import { softwareSigner } from '../../crypto/signer.js';
import { readCertificate, subjectKeyIdentifierOf } from '../../crypto/x509/certificate-info.js';
import { signMessage } from '../../crypto/xmldsig/index.js';

const labPki = await generateLabPki({ profile: 'iso20', ocspResponderUrl: false });
const lab = labPki.certificates;
const v2gRoots = [lab.v2gRootCa.der];
const pcid = readCertificate(lab.oemProvisioningLeaf.der, 'OEM provisioning leaf').commonName!;

/** A signed Res delivering `contractKey` (X448) to `receiver` with the lab's P-521 contract chain. */
async function x448Delivery(receiver: KeyObject, contractKey: KeyObject): Promise<CertificateInstallationResType> {
  const chain = [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der];
  const sealed = encryptContractKeyIso20({ curve: 'X448', receiver, contractKey, pcid, contractSki: subjectKeyIdentifierOf(chain[0]!, 'contract leaf')! });
  assert.equal([sealed.dhPublicKey.length, sealed.encryptedPrivateKey.length], [56, 84]);
  const res: CertificateInstallationResType = {
    Header: { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), TimeStamp: BigInt(Math.floor(Date.now() / 1000)) },
    ResponseCode: 'OK',
    EVSEProcessing: 'Finished',
    CPSCertificateChain: { Certificate: lab.saProvisioningLeaf.der, SubCertificates: { Certificate: [lab.cpsSubCa2.der, lab.cpsSubCa1.der] } },
    SignedInstallationData: {
      '@Id': 'id1',
      ContractCertificateChain: { Certificate: chain[0]!, SubCertificates: { Certificate: chain.slice(1) } },
      ECDHCurve: 'X448',
      DHPublicKey: sealed.dhPublicKey,
      X448_EncryptedPrivateKey: sealed.encryptedPrivateKey,
    },
    RemainingContractCertificateChains: 0,
  };
  const signed = await signMessage('iso20-common', { CertificateInstallationRes: res }, softwareSigner(lab.saProvisioningLeaf.privateKeyPem));
  return signed.CertificateInstallationRes;
}

test('X448 delivery to a vehicle whose agreement key is its P-521 provisioning key: refused, naming the receiver, nothing installed', async () => {
  const store = memoryContractStore({ provisioning: { certificate: lab.oemProvisioningLeaf.der, keyPem: lab.oemProvisioningLeaf.privateKeyPem }, v2gRoots });
  const response = await x448Delivery(createPublicKey(generateKeyPairSync('x448').privateKey), generateKeyPairSync('x448').privateKey);
  const error = await evccContractService({ store }).install(response).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof Error && /receiver: ECDHCurve X448 needs a X448 key/.test(error.message), String(error));
  assert.is(store.contract(), undefined);
});

test('X448 delivery to a vehicle with an X448 agreement key: decrypted, then refused as no key of the P-521 contract certificate', async () => {
  const agreement = generateKeyPairSync('x448');
  const provisioning = memoryContractStore({ provisioning: { certificate: lab.oemProvisioningLeaf.der, keyPem: lab.oemProvisioningLeaf.privateKeyPem }, v2gRoots });
  const installed: EvContract[] = [];
  const store: EvContractStore = {
    contract: () => installed.at(-1),
    contractSigner: () => undefined,
    provisioning: provisioning.provisioning,
    agreementKey: (action) => (action === 'Install' ? agreement.privateKey : undefined),
    v2gRoots,
    install: (contract) => {
      installed.push(contract);
      return Promise.resolve();
    },
  };
  const response = await x448Delivery(agreement.publicKey, generateKeyPairSync('x448').privateKey);
  const error = await evccContractService({ store }).install(response).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof Error && /X448_EncryptedPrivateKey: a 448-bit key cannot belong to a contract certificate on ec/.test(error.message), String(error));
  assert.equal(installed, []);
  const tampered = structuredClone(response);
  tampered.SignedInstallationData.X448_EncryptedPrivateKey![30]! ^= 1;
  const unsigned = await evccContractService({ store }).install(tampered).then(() => undefined, (e: unknown) => e);
  assert.ok(unsigned instanceof Error && /not signed by the CPS leaf/.test(unsigned.message), String(unsigned));
});

test.run();
