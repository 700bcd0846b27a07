/**
 * The EV's contract store in a `pki init` folder: the lab's contract read back with its eMAID, signing with its key;
 * without it (an EV to install one), none; a delivered contract written back (key 0600) and read by the next store.
 */
import { createPrivateKey, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileContractStore } from '../../crypto/contract-store/file-contract-store.js';
import { DEFAULT_EMAID, generateLabPki, saveLabPki } from '../../crypto/index.js';

const root = mkdtempSync(join(tmpdir(), 'kopher-contract-store-'));
const dir = join(root, 'lab');
const lab = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false });
await saveLabPki(lab, dir);
const other = await generateLabPki({ profile: 'iso2', ocspResponderUrl: false, emaid: 'DEKPHC000000042' });

test.after(() => rmSync(root, { recursive: true, force: true }));

test('a lab folder\'s contract is read with its eMAID and chain, and its key signs', async () => {
  const store = await fileContractStore(dir);
  assert.is(store.contract()?.emaid, DEFAULT_EMAID);
  assert.equal(store.contract()?.chain.length, 3);
  assert.equal(store.contract()?.chain[0], lab.certificates.contractLeaf.der);
  const data = new TextEncoder().encode('GenChallenge');
  const signature = await store.contractSigner()!.sign(data, 'sha256');
  assert.ok(verify('sha256', data, { key: new X509Certificate(lab.certificates.contractLeaf.der).publicKey, dsaEncoding: 'ieee-p1363' }, signature));
  assert.equal(store.provisioning.certificate, lab.certificates.oemProvisioningLeaf.der);
  assert.equal(store.v2gRoots, [lab.certificates.v2gRootCa.der]);
});

test('without its contract the store has none to sign with; a delivered one is kept, written back, and read next time', async () => {
  const empty = await fileContractStore(dir, { withContract: false });
  assert.is(empty.contract(), undefined);
  assert.is(empty.contractSigner(), undefined);
  assert.ok(empty.agreementKey('Install') !== undefined, 'the OEM provisioning key receives an installation');
  assert.is(empty.agreementKey('Update'), undefined);
  const c = other.certificates;
  const key = createPrivateKey(c.contractLeaf.privateKeyPem);
  await empty.install({ emaid: 'DEKPHC000000042', chain: [c.contractLeaf.der, c.moSubCa2.der, c.moSubCa1.der] }, key);
  assert.is(empty.contract()?.emaid, 'DEKPHC000000042');
  assert.is(statSync(join(dir, 'ContractCert.key')).mode & 0o777, 0o600);
  const next = await fileContractStore(dir);
  assert.is(next.contract()?.emaid, 'DEKPHC000000042');
  assert.equal(next.contract()?.chain[0], c.contractLeaf.der);
  assert.ok(createPublicKey(next.agreementKey('Update')!).equals(createPublicKey(key)));
});

test.run();
