/**
 * A vehicle's contract store in a folder: nothing until a contract is saved; the saved chain and key read back (the
 * key signs for the chain's leaf), the key file private to its owner; a second save replaces the first.
 */
import { createPrivateKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTRACT_KEY_FILE, fileContractStore, memoryContractStore } from '../../crypto/contract-store/index.js';
import { generateLabPki } from '../../crypto/index.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-contract-store-'));
const lab = (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false })).certificates;
const chain = [lab.contractLeaf.der, lab.moSubCa2.der, lab.moSubCa1.der];

test.after(() => rmSync(folder, { recursive: true, force: true }));

async function signsForLeaf(signature: Promise<Uint8Array>, leaf: Uint8Array, data: Uint8Array): Promise<boolean> {
  return verify('sha512', data, { key: new X509Certificate(leaf).publicKey, dsaEncoding: 'ieee-p1363' }, await signature);
}

test('a folder store: empty, then the saved contract read back with a key that signs for its leaf', async () => {
  const dir = join(folder, 'vehicle');
  const store = fileContractStore(dir);
  assert.is(await store.current(), undefined);
  await store.save({ chain, key: createPrivateKey(lab.contractLeaf.privateKeyPem) });
  assert.is(statSync(join(dir, CONTRACT_KEY_FILE)).mode & 0o077, 0, 'the key is its owner\'s alone');
  const again = await fileContractStore(dir).current();
  assert.equal(again?.chain, chain);
  const data = Uint8Array.of(1, 2, 3);
  assert.ok(await signsForLeaf(again!.signer.sign(data, 'sha512'), chain[0]!, data));
  const other = (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false })).certificates;
  await store.save({ chain: [other.contractLeaf.der, other.moSubCa2.der, other.moSubCa1.der], key: createPrivateKey(other.contractLeaf.privateKeyPem) });
  assert.equal((await store.current())?.chain[0], other.contractLeaf.der, 'a new contract replaces the old');
});

test('a memory store keeps what it was given and what it saves', async () => {
  const store = memoryContractStore();
  assert.is(await store.current(), undefined);
  const saved = await store.save({ chain, key: createPrivateKey(lab.contractLeaf.privateKeyPem) });
  assert.equal((await store.current())?.chain, saved.chain);
});

test.run();
