/**
 * Keys on a PKCS#11 token, against SoftHSM2 (Debian `softhsm2`, which .ci/run installs): a private token in a
 * temporary folder, a key pair generated on it (sensitive, not extractable), signatures made through the token and
 * verified with node:crypto, certificates issued with a CA key on the token, and every way of reading the private key
 * out refused by the token.
 */
import { randomBytes, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateTokenKeyPair, HsmError, openTokenSigner, type TokenConfig } from '../../crypto/hsm/index.js';
import { openTokenSession } from '../../crypto/hsm/token-session.js';
import type { SignerHash } from '../../crypto/signer.js';
import type { EcCurve } from '../../crypto/ec-curves.js';
import { issueCertificate } from '../../crypto/x509/certificate-builder.js';
import { readCertificate } from '../../crypto/x509/certificate-info.js';
import { generateKeys } from '../../crypto/x509/key-pair.js';
import type { DistinguishedName } from '../../crypto/x509/names.js';
import { createSoftHsmToken, softHsmAbsent as absent, type SoftHsmToken } from './hsm-fixtures.js';

const TOKEN_LABEL = 'kopher-test';
let softHsm: SoftHsmToken | undefined;
let token: TokenConfig;
let pin: string;
let folder: string;

test.before(() => {
  if (absent) return;
  softHsm = createSoftHsmToken(TOKEN_LABEL, 'KOPHER_TEST_HSM_PIN');
  ({ config: token, pin, folder } = softHsm);
});

test.after(() => softHsm?.remove());

const skipped = (what: string): boolean => {
  if (absent) console.log(`NOTICE: ${what} skipped: ${absent}`);
  return absent !== undefined;
};

const verifies = (publicKey: KeyObject, hash: SignerHash, data: Uint8Array, signature: Uint8Array): boolean =>
  verify(hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);

for (const [curve, hash, size] of [['P-256', 'sha256', 32], ['P-521', 'sha512', 66]] as const satisfies readonly (readonly [EcCurve, SignerHash, number])[]) {
  test(`${curve}: a key generated on the token signs (${hash}), node:crypto verifies r || s`, async () => {
    if (skipped(`${curve} token signature`)) return;
    const label = `signer-${curve}`;
    const generated = generateTokenKeyPair(token, { curve, label, id: randomBytes(8) });
    const signer = openTokenSigner({ ...token, key: { label } });
    try {
      assert.is(signer.curve, curve);
      assert.ok(signer.publicKey?.equals(generated), 'the signer finds the public key object of the same CKA_ID');
      const data = new TextEncoder().encode(`SignedInfo over ${curve}`);
      const signature = await signer.sign(data, hash);
      assert.is(signature.length, 2 * size);
      assert.ok(verifies(generated, hash, data, signature), 'the signature verifies');
      assert.not.ok(verifies(generated, hash, new TextEncoder().encode('other data'), signature), 'and not over other data');
      const other = await signer.sign(data, 'sha256');
      assert.ok(verifies(generated, 'sha256', data, other), 'either hash on either curve');
    } finally {
      signer.close();
    }
  });
}

test('a CA key on the token issues certificates through the builder: a P-256 root and a P-521 one, each with a sub-CA', async () => {
  if (skipped('certificates issued with a token key')) return;
  for (const curve of ['P-256', 'P-521'] as const) {
    const label = `ca-${curve}`;
    const publicKey = generateTokenKeyPair(token, { curve, label, id: randomBytes(8) });
    const signer = openTokenSigner({ ...token, key: { label } });
    try {
      const rootName: DistinguishedName = { commonName: `Token Root ${curve}`, organizationName: 'KopherV2G HSM Test', countryName: 'DE', domainComponent: 'V2G' };
      const keys = { publicKey, signer };
      const validity = { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) };
      const rootDer = await issueCertificate({ subject: rootName, subjectKeys: keys, basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'], ...validity });
      const subDer = await issueCertificate({
        subject: { ...rootName, commonName: `Sub-CA ${curve}` },
        subjectKeys: await generateKeys(curve),
        issuer: { name: rootName, keys },
        basicConstraints: { ca: true, pathLen: 0 },
        keyUsage: ['keyCertSign', 'cRLSign'],
        ...validity,
      });
      const root = new X509Certificate(rootDer);
      assert.ok(root.verify(publicKey), `${curve}: the root's self-signature made on the token verifies`);
      assert.ok(new X509Certificate(subDer).checkIssued(root) && new X509Certificate(subDer).verify(root.publicKey), `${curve}: the sub-CA is issued by it`);
      assert.is(readCertificate(subDer, 'sub-CA').signatureAlgorithm, curve === 'P-256' ? 'ecdsa-with-SHA256' : 'ecdsa-with-SHA512');
    } finally {
      signer.close();
    }
  }
});

test('the private key never leaves the token: sensitive, not extractable, value and wrap refused', () => {
  if (skipped('key extraction check')) return;
  const id = randomBytes(8);
  generateTokenKeyPair(token, { curve: 'P-256', label: 'never-leaves', id });
  const session = openTokenSession(token, 'read-write');
  const { pkcs11 } = session;
  try {
    pkcs11.C_FindObjectsInit(session.session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_ID, value: id }]);
    const [privateKey] = pkcs11.C_FindObjects(session.session, 2);
    pkcs11.C_FindObjectsFinal(session.session);
    assert.ok(privateKey, 'the private key object exists');
    const flags = pkcs11.C_GetAttributeValue(session.session, privateKey, [
      { type: pkcs11js.CKA_SENSITIVE },
      { type: pkcs11js.CKA_EXTRACTABLE },
      { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
      { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
    ]);
    assert.equal(flags.map((a) => a.value[0]), [1, 0, 1, 1], 'sensitive, not extractable, always sensitive, never extractable');
    assert.throws(() => pkcs11.C_GetAttributeValue(session.session, privateKey, [{ type: pkcs11js.CKA_VALUE }]), /CKR_ATTRIBUTE_SENSITIVE/);
    assert.throws(() => pkcs11.C_SetAttributeValue(session.session, privateKey, [{ type: pkcs11js.CKA_EXTRACTABLE, value: true }]), /CKR_ATTRIBUTE_READ_ONLY/);
    const wrappingKey = pkcs11.C_GenerateKey(session.session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
      { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
      { type: pkcs11js.CKA_WRAP, value: true },
      { type: pkcs11js.CKA_TOKEN, value: false },
    ]);
    assert.throws(
      () => pkcs11.C_WrapKey(session.session, { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD }, wrappingKey, privateKey, Buffer.alloc(512)),
      /CKR_KEY_UNEXTRACTABLE/,
    );
  } finally {
    session.close();
  }
});

test('concurrent signatures on one signer are queued on its session and all verify', async () => {
  if (skipped('concurrent token signatures')) return;
  const publicKey = generateTokenKeyPair(token, { curve: 'P-256', label: 'queued', id: randomBytes(8) });
  const signer = openTokenSigner({ ...token, key: { label: 'queued' } });
  try {
    const messages = Array.from({ length: 12 }, (_, i) => new TextEncoder().encode(`message ${i}`));
    const signatures = await Promise.all(messages.map((m) => signer.sign(m, 'sha256')));
    assert.ok(signatures.every((s, i) => verifies(publicKey, 'sha256', messages[i]!, s)));
  } finally {
    signer.close();
  }
});

test('the PIN from a file; the token by slot ID; a key by CKA_ID alone', async () => {
  if (skipped('PIN file')) return;
  const id = randomBytes(8);
  const publicKey = generateTokenKeyPair(token, { curve: 'P-521', label: 'by-id', id });
  const pinFile = join(folder, 'pin');
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
  const byLabel = openTokenSession(token);
  const slotId = byLabel.slot.readUInt32LE(0);
  byLabel.close();
  const signer = openTokenSigner({ ...token, token: { slotId }, pin: { file: pinFile }, key: { id } });
  try {
    const data = Uint8Array.of(1, 2, 3);
    assert.ok(verifies(publicKey, 'sha512', data, await signer.sign(data, 'sha512')));
  } finally {
    signer.close();
  }
});

function hsmError(call: () => unknown): HsmError {
  try {
    call();
  } catch (error) {
    if (error instanceof HsmError) return error;
    throw error;
  }
  throw new Error('no HsmError was thrown');
}

test('errors name the token and key, carry the CKR_ code, never the PIN', () => {
  if (skipped('HSM error cases')) return;
  generateTokenKeyPair(token, { curve: 'P-256', label: 'errors', id: randomBytes(8) });
  const wrongPin = 'not-the-pin-9876';
  process.env.KOPHER_TEST_HSM_WRONG_PIN = wrongPin;
  const wrong = hsmError(() => openTokenSigner({ ...token, pin: { env: 'KOPHER_TEST_HSM_WRONG_PIN' }, key: { label: 'errors' } }));
  assert.is(wrong.ckr, 'CKR_PIN_INCORRECT');
  assert.match(wrong.message, `token "${TOKEN_LABEL}"`);
  assert.not.match(wrong.message, wrongPin);
  assert.not.match(wrong.message, pin);
  assert.match(hsmError(() => openTokenSigner({ ...token, key: { label: 'absent' } })).message, /key label "absent": no such EC private key/);
  assert.match(hsmError(() => openTokenSigner({ ...token, token: { label: 'no-such-token' }, key: { label: 'errors' } })).message, /token "no-such-token": not present/);
  assert.match(hsmError(() => openTokenSigner({ ...token, pin: { env: 'KOPHER_TEST_HSM_UNSET' }, key: { label: 'errors' } })).message, /PIN variable KOPHER_TEST_HSM_UNSET: not set/);
  assert.match(hsmError(() => generateTokenKeyPair(token, { curve: 'P-256', label: 'errors', id: randomBytes(8) })).message, /label is already on the token/);
  // SoftHSM2 2.6 offers CKM_ECDSA only; asking for hashing on the token is refused before any signature.
  const mechanisms = openTokenSession(token);
  const offersHashing = mechanisms.pkcs11.C_GetMechanismList(mechanisms.slot).includes(pkcs11js.CKM_ECDSA_SHA256);
  mechanisms.close();
  if (!offersHashing) assert.match(hsmError(() => openTokenSigner({ ...token, key: { label: 'errors' } }, { digest: 'token' })).message, /does not offer CKM_ECDSA_SHA256/);
});

test('a closed signer refuses to sign', async () => {
  if (skipped('closed signer')) return;
  generateTokenKeyPair(token, { curve: 'P-256', label: 'closed', id: randomBytes(8) });
  const signer = openTokenSigner({ ...token, key: { label: 'closed' } });
  signer.close();
  await signer.sign(Uint8Array.of(1), 'sha256').then(
    () => assert.unreachable('signed after close'),
    (error: unknown) => assert.instance(error, HsmError),
  );
});

test.run();
