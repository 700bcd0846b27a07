/**
 * Which key and ECDHCurve a -20 contract key is delivered with, read from OEM provisioning certificates that openssl
 * makes: a P-521 certificate (SECP521), an Ed448 one with an X448 subjectAltPublicKeyInfo (X448), an Ed448 one
 * without (none). Then the whole delivery to the X448 key found, decrypted with the EV's X448 private key.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ContractKeyError, decryptContractKeyIso20, encryptContractKeyIso20, iso20AgreementKey } from '../../crypto/contract-key/index.js';

const PCID = 'WMIV1234567890ABC1';
const SKI = Uint8Array.of(0x01, 0x23, 0x45, 0x67);
const spki = (key: KeyObject): string => key.export({ format: 'der', type: 'spki' }).toString('hex');

/** A self-signed certificate of `key` (openssl req), with `extension` as an -addext where given. */
function certificate(key: KeyObject, extension?: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'agreement-key-'));
  try {
    writeFileSync(join(dir, 'key.pem'), key.export({ format: 'pem', type: 'pkcs8' }));
    const extra = extension === undefined ? [] : ['-addext', extension];
    execFileSync('openssl', ['req', '-x509', '-key', join(dir, 'key.pem'), '-subj', `/CN=${PCID}`, '-days', '1', ...extra, '-outform', 'DER', '-out', join(dir, 'cert.der')], { stdio: 'pipe' });
    return new Uint8Array(readFileSync(join(dir, 'cert.der')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const alternateKey = (key: KeyObject): string => `2.5.29.72=DER:${key.export({ format: 'der', type: 'spki' }).toString('hex')}`;

test('a secp521r1 provisioning certificate: SECP521 to the certificate key', () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  const found = iso20AgreementKey(certificate(keys.privateKey), 'OEM');
  assert.is(found?.curve, 'SECP521');
  assert.is(spki(found!.key), spki(keys.publicKey));
});

test('an Ed448 provisioning certificate with an X448 alternate key: X448 to that key, and a delivery the EV opens', () => {
  const agreement = generateKeyPairSync('x448');
  const found = iso20AgreementKey(certificate(generateKeyPairSync('ed448').privateKey, alternateKey(agreement.publicKey)), 'OEM');
  assert.is(found?.curve, 'X448');
  assert.is(spki(found!.key), spki(agreement.publicKey));
  const contract = generateKeyPairSync('x448');
  const sealed = encryptContractKeyIso20({ curve: found!.curve, receiver: found!.key, contractKey: contract.privateKey, pcid: PCID, contractSki: SKI });
  const opened = decryptContractKeyIso20({ curve: 'X448', receiver: agreement.privateKey, ...sealed, pcid: PCID, contractSki: SKI, contractPublicKey: contract.publicKey });
  assert.is(spki(createPublicKey(opened as KeyObject)), spki(contract.publicKey));
});

test('an Ed448 provisioning certificate without an X448 key, or with another alternate key: no delivery key', () => {
  const ed448 = generateKeyPairSync('ed448').privateKey;
  assert.is(iso20AgreementKey(certificate(ed448), 'OEM'), undefined);
  assert.is(iso20AgreementKey(certificate(ed448, alternateKey(generateKeyPairSync('ed448').publicKey)), 'OEM'), undefined);
});

test('bytes that are no certificate, or an alternate key that is no key: a ContractKeyError naming the field', () => {
  assert.throws(() => iso20AgreementKey(Uint8Array.of(1, 2, 3), 'OEMProvisioningCertificateChain/Certificate'), (e: unknown) => e instanceof ContractKeyError && e.field === 'OEMProvisioningCertificateChain/Certificate');
  const broken = certificate(generateKeyPairSync('ed448').privateKey, '2.5.29.72=DER:300302010a');
  assert.throws(() => iso20AgreementKey(broken, 'OEM'), (e: unknown) => e instanceof ContractKeyError && /subjectAltPublicKeyInfo/.test(e.field));
});

test.run();
