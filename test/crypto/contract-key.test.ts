/**
 * Contract private key delivery, ISO 15118-2 and -20: round trips, the derived session keys pinned for fixed keys
 * (and checked against OpenSSL's single-step KDF where the openssl command is there), and every way a delivered key
 * is refused.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ContractKeyError,
  decryptContractKeyIso2,
  decryptContractKeyIso20,
  encryptContractKeyIso2,
  encryptContractKeyIso20,
  iso20Aad,
  iso20SessionKey,
  iso2SessionKey,
} from '../../crypto/contract-key/index.js';
import { ecPrivateKey, ecScalar, sharedSecret, x448Raw } from '../../crypto/contract-key/ec-keys.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);
const p256 = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
const p521 = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey;
const isError = (field: RegExp) => (e: unknown): boolean => e instanceof ContractKeyError && field.test(e.field);

// Fixed keys: the sender's ephemeral scalar 0x11…, the EV's static scalar 0x22… (P-256); for P-521 0x0101… and 0x0002….
const SENDER = ecPrivateKey('P-256', filled(32, 0x11), 'sender');
const EV = ecPrivateKey('P-256', filled(32, 0x22), 'EV');
const SENDER521 = ecPrivateKey('P-521', filled(66, 0x01), 'sender');
const EV521 = ecPrivateKey('P-521', filled(66, 0x02).map((x, i) => (i === 0 ? 0 : x)), 'EV');
const Z = 'ccfc261f58193c98ca4ad4a53bbac6f0ee29bc4d48438090446908622ca79af6';
const K = '7178a38694ce5bf8a6a20df6dae3ac94';
const Z521 = '006c23ea48a661c0d1f8f3da56dd60a18e560514f1b0f0ee5a4409d4d71ebf647c965065762928971922e62bb984e76d6a3dd0ef6a1fd63985e71646643d900c9c76';
const K521 = '9ddc9086f7d73203b0afd2025c5a253484ab95c2aaf3e9a83201272dc22eb201';

test('-2: Z and K = SHA-256(00000001 ‖ Z ‖ 015556)[0..16) for fixed keys, the same from either side', () => {
  assert.is(hex(sharedSecret(SENDER, createPublicKey(EV), 'x')), Z);
  assert.is(hex(sharedSecret(EV, createPublicKey(SENDER), 'x')), Z);
  assert.is(hex(iso2SessionKey(Buffer.from(Z, 'hex'))), K);
});

test('-20: K = SHA-512(00000001 ‖ Z ‖ 015556)[0..32) for fixed P-521 keys', () => {
  assert.is(hex(sharedSecret(SENDER521, createPublicKey(EV521), 'x')), Z521);
  assert.is(hex(iso20SessionKey(Buffer.from(Z521, 'hex'))), K521);
});

test("the pinned keys are OpenSSL's single-step KDF (NIST SP 800-56C) too", () => {
  const sskdf = (digest: string, length: number, z: string): string | undefined => {
    try {
      const out = execFileSync('openssl', ['kdf', '-keylen', String(length), '-kdfopt', `digest:${digest}`, '-kdfopt', `hexkey:${z}`, '-kdfopt', 'hexinfo:015556', 'SSKDF'], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      return out.trim().replace(/:/g, '').toLowerCase();
    } catch {
      return undefined;
    }
  };
  const k = sskdf('SHA256', 16, Z);
  if (k === undefined) {
    console.log('  notice: no openssl with SSKDF here; the pinned bytes stand alone');
    return;
  }
  assert.is(k, K);
  assert.is(sskdf('SHA512', 32, Z521), K521);
});

test('-2: the pinned ciphertext for fixed keys and IV, and its decryption', () => {
  const contract = ecPrivateKey('P-256', filled(32, 0x33), 'contract');
  const sealed = encryptContractKeyIso2({ receiver: createPublicKey(EV), contractKey: contract, ephemeral: SENDER, iv: filled(16, 0x44) });
  assert.is(hex(sealed.encryptedPrivateKey), '44'.repeat(16) + '3642440bd5115f40483d1bd344b10e7c0effd279fb3ec4314c77d2ba37b030a6');
  assert.is(sealed.dhPublicKey.length, 65);
  const opened = decryptContractKeyIso2({ receiver: EV, ...sealed, contractPublicKey: createPublicKey(contract) });
  assert.is(hex(ecScalar(opened)), '33'.repeat(32));
});

test('-2: round trip with fresh keys; the EV refuses a wrong receiver key, a changed field, a foreign contract key', () => {
  const ev = p256();
  const contract = p256();
  const sealed = encryptContractKeyIso2({ receiver: createPublicKey(ev), contractKey: contract });
  assert.is(sealed.encryptedPrivateKey.length, 48);
  const input = { receiver: ev, ...sealed, contractPublicKey: createPublicKey(contract) };
  assert.is(hex(ecScalar(decryptContractKeyIso2(input))), hex(ecScalar(contract)));
  assert.throws(() => decryptContractKeyIso2({ ...input, receiver: p256() }), isError(/ContractSignatureEncryptedPrivateKey/));
  const changed = Uint8Array.from(sealed.encryptedPrivateKey);
  changed[20] ^= 1;
  assert.throws(() => decryptContractKeyIso2({ ...input, encryptedPrivateKey: changed }), isError(/ContractSignatureEncryptedPrivateKey/));
  assert.throws(() => decryptContractKeyIso2({ ...input, contractPublicKey: createPublicKey(p256()) }), isError(/ContractSignatureEncryptedPrivateKey/));
  assert.throws(() => decryptContractKeyIso2({ ...input, encryptedPrivateKey: sealed.encryptedPrivateKey.subarray(0, 47) }), isError(/ContractSignatureEncryptedPrivateKey/));
  const offCurve = Uint8Array.from(sealed.dhPublicKey);
  offCurve[64] ^= 1;
  assert.throws(() => decryptContractKeyIso2({ ...input, dhPublicKey: offCurve }), isError(/DHpublickey/));
  assert.throws(() => encryptContractKeyIso2({ receiver: createPublicKey(p521()), contractKey: contract }), isError(/receiver/));
});

const PCID = 'WMIV1234567890ABC1';
const SKI = Uint8Array.of(0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71);

test('-20: the AAD is the PCID and the SKI as capital hex, ASCII', () => {
  assert.is(Buffer.from(iso20Aad(PCID, SKI)).toString('ascii'), `${PCID}0A1B2C3D4E5F6071`);
  assert.throws(() => iso20Aad('wmiv-1234', SKI), isError(/PCID/));
});

test('-20 SECP521: 94-byte field, 133-byte DHPublicKey, round trip; a wrong PCID, SKI, key or tag fails', () => {
  const ev = p521();
  const contract = p521();
  const sealed = encryptContractKeyIso20({ curve: 'SECP521', receiver: createPublicKey(ev), contractKey: contract, pcid: PCID, contractSki: SKI });
  assert.is(sealed.encryptedPrivateKey.length, 94);
  assert.is(sealed.dhPublicKey.length, 133);
  const input = { curve: 'SECP521' as const, receiver: ev, dhPublicKey: sealed.dhPublicKey, encryptedPrivateKey: sealed.encryptedPrivateKey, pcid: PCID, contractSki: SKI, contractPublicKey: createPublicKey(contract) };
  assert.is(hex(ecScalar(decryptContractKeyIso20(input) as KeyObject)), hex(ecScalar(contract)));
  assert.throws(() => decryptContractKeyIso20({ ...input, pcid: 'WMIV1234567890ABC2' }), isError(/SECP521_EncryptedPrivateKey/));
  assert.throws(() => decryptContractKeyIso20({ ...input, contractSki: SKI.subarray(1) }), isError(/SECP521_EncryptedPrivateKey/));
  assert.throws(() => decryptContractKeyIso20({ ...input, receiver: p521() }), isError(/SECP521_EncryptedPrivateKey/));
  const tag = Uint8Array.from(sealed.encryptedPrivateKey);
  tag[93] ^= 1;
  assert.throws(() => decryptContractKeyIso20({ ...input, encryptedPrivateKey: tag }), isError(/SECP521_EncryptedPrivateKey/));
  assert.throws(() => decryptContractKeyIso20({ ...input, contractPublicKey: createPublicKey(p521()) }), isError(/SECP521_EncryptedPrivateKey/));
});

test('-20 SECP521: a plaintext without its 7 leading zero bits is refused [V2G20-2678]', () => {
  const ev = p521();
  const sealed = encryptContractKeyIso20({ curve: 'SECP521', receiver: createPublicKey(ev), contractKey: filled(66, 0xff), pcid: PCID, contractSki: SKI });
  assert.throws(
    () => decryptContractKeyIso20({ curve: 'SECP521', receiver: ev, ...sealed, pcid: PCID, contractSki: SKI }),
    (e: unknown) => e instanceof ContractKeyError && /7 zero bits/.test(e.reason),
  );
});

test('-20 X448: 84-byte field, a 56-byte DHPublicKey without filler, round trip of the raw key', () => {
  const ev = generateKeyPairSync('x448').privateKey;
  const contractKey = new Uint8Array(randomBytes(56));
  const sealed = encryptContractKeyIso20({ curve: 'X448', receiver: createPublicKey(ev), contractKey, pcid: PCID, contractSki: SKI });
  assert.is(sealed.encryptedPrivateKey.length, 84);
  assert.is(sealed.dhPublicKey.length, 56);
  const opened = decryptContractKeyIso20({ curve: 'X448', receiver: ev, ...sealed, pcid: PCID, contractSki: SKI });
  assert.is(hex(opened as Uint8Array), hex(contractKey));
  assert.throws(() => decryptContractKeyIso20({ curve: 'SECP521', receiver: ev, ...sealed, pcid: PCID, contractSki: SKI }), isError(/receiver/));
});

test('-20 X448: an X448 contract key round-trips as a KeyObject checked against the contract certificate key [V2G20-2507]', () => {
  const ev = generateKeyPairSync('x448').privateKey;
  const contract = generateKeyPairSync('x448');
  const sealed = encryptContractKeyIso20({ curve: 'X448', receiver: createPublicKey(ev), contractKey: contract.privateKey, pcid: PCID, contractSki: SKI });
  assert.is(sealed.ecdhCurve, 'X448');
  assert.is(sealed.encryptedPrivateKey.length, 84);
  const opened = decryptContractKeyIso20({ curve: 'X448', receiver: ev, ...sealed, pcid: PCID, contractSki: SKI, contractPublicKey: contract.publicKey }) as KeyObject;
  assert.is(opened.asymmetricKeyType, 'x448');
  assert.is(hex(opened.export({ format: 'der', type: 'pkcs8' })), hex(contract.privateKey.export({ format: 'der', type: 'pkcs8' })));
  const other = generateKeyPairSync('x448').publicKey;
  assert.throws(
    () => decryptContractKeyIso20({ curve: 'X448', receiver: ev, ...sealed, pcid: PCID, contractSki: SKI, contractPublicKey: other }),
    (e: unknown) => e instanceof ContractKeyError && e.field === 'X448_EncryptedPrivateKey' && /does not belong/.test(e.reason),
  );
  assert.throws(
    () => decryptContractKeyIso20({ curve: 'X448', receiver: ev, ...sealed, pcid: PCID, contractSki: SKI, contractPublicKey: generateKeyPairSync('ed448').publicKey }),
    (e: unknown) => e instanceof ContractKeyError && /cannot belong to a contract certificate on ed448/.test(e.reason),
  );
});

test('-20 X448: a contract key that is not 56 bytes of X448 is refused before anything is encrypted', () => {
  const ev = createPublicKey(generateKeyPairSync('x448').privateKey);
  const base = { curve: 'X448' as const, receiver: ev, pcid: PCID, contractSki: SKI };
  assert.throws(() => encryptContractKeyIso20({ ...base, contractKey: generateKeyPairSync('ed448').privateKey }), (e: unknown) => e instanceof ContractKeyError && /not a ed448 key/.test(e.reason));
  assert.throws(() => encryptContractKeyIso20({ ...base, contractKey: p521() }), isError(/contract key/));
  assert.throws(() => encryptContractKeyIso20({ ...base, contractKey: new Uint8Array(57) }), isError(/contract key/));
});

test('-20 X448: a changed DHPublicKey, ciphertext or PCID fails authentication [V2G20-2504]', () => {
  const ev = generateKeyPairSync('x448').privateKey;
  const contract = generateKeyPairSync('x448');
  const sealed = encryptContractKeyIso20({ curve: 'X448', receiver: createPublicKey(ev), contractKey: contract.privateKey, pcid: PCID, contractSki: SKI });
  const input = { curve: 'X448' as const, receiver: ev, ...sealed, pcid: PCID, contractSki: SKI, contractPublicKey: contract.publicKey };
  const flipped = Uint8Array.from(sealed.encryptedPrivateKey);
  flipped[20]! ^= 1;
  assert.throws(() => decryptContractKeyIso20({ ...input, encryptedPrivateKey: flipped }), (e: unknown) => e instanceof ContractKeyError && /decryption failed/.test(e.reason));
  assert.throws(() => decryptContractKeyIso20({ ...input, dhPublicKey: x448Raw(createPublicKey(generateKeyPairSync('x448').privateKey)) }), isError(/X448_EncryptedPrivateKey/));
  assert.throws(() => decryptContractKeyIso20({ ...input, pcid: 'ZZZZZZZZZZZZZZZZZZ' }), isError(/X448_EncryptedPrivateKey/));
});

test.run();
