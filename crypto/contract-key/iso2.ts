/**
 * ISO 15118-2 contract private key delivery (7.9.2.4.3): the sender (the certificate provisioning service) encrypts
 * the new contract key for the EV, the EV decrypts it.
 *
 *   Z  = ECDH(sender's ephemeral P-256 key, EV's static key)          [V2G2-818]; the static key is the OEM
 *        provisioning certificate's for an installation [V2G2-820], the current contract's for an update [V2G2-821]
 *   K  = leftmost 128 bits of SHA-256(00000001 ‖ Z ‖ 01 55 56)         [V2G2-818] (concat KDF)
 *   ContractSignatureEncryptedPrivateKey = IV(16) ‖ AES-128-CBC(K, IV, d)  [V2G2-815], [V2G2-817]; d is the 32-byte
 *        big-endian scalar, a whole number of blocks, so no padding [V2G2-816]
 *   DHpublickey = the ephemeral public key, uncompressed (65 bytes)     [V2G2-819]
 *
 * CBC has no integrity of its own: the CPS signature over both fields provides it, and the EV checks that the key it
 * decrypted belongs to the contract certificate [V2G2-823].
 */
import { createCipheriv, createDecipheriv, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { concatKdf, V2G_OTHER_INFO } from './concat-kdf.js';
import { ContractKeyError } from './errors.js';
import { ecPoint, ecPrivateKey, ecPublicKey, ecScalar, samePublicKey, sharedSecret } from './ec-keys.js';

export interface Iso2EncryptedContractKey {
  /** ContractSignatureEncryptedPrivateKey: IV ‖ ciphertext, 48 bytes. */
  readonly encryptedPrivateKey: Uint8Array;
  /** DHpublickey: 65 bytes. */
  readonly dhPublicKey: Uint8Array;
}

const KEY_BYTES = 16;
const IV_BYTES = 16;

export function iso2SessionKey(z: Uint8Array): Uint8Array {
  return concatKdf('sha256', z, V2G_OTHER_INFO, KEY_BYTES);
}

function requireP256(key: KeyObject, field: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new ContractKeyError(field, 'ISO 15118-2 keys are on secp256r1');
}

/**
 * Encrypts `contractKey` for the EV whose static public key is `receiver`. `ephemeral` and `iv` are for reproducible
 * tests only: each delivery needs a fresh ephemeral key and IV.
 */
export function encryptContractKeyIso2(input: { receiver: KeyObject; contractKey: KeyObject; ephemeral?: KeyObject; iv?: Uint8Array }): Iso2EncryptedContractKey {
  requireP256(input.receiver, 'receiver');
  requireP256(input.contractKey, 'contract key');
  const ephemeral = input.ephemeral ?? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  requireP256(ephemeral, 'ephemeral key');
  const iv = input.iv ?? new Uint8Array(randomBytes(IV_BYTES));
  if (iv.length !== IV_BYTES) throw new ContractKeyError('iv', `expected ${IV_BYTES} bytes`);
  const key = iso2SessionKey(sharedSecret(ephemeral, input.receiver, 'receiver'));
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const ciphertext = Buffer.concat([cipher.update(ecScalar(input.contractKey)), cipher.final()]);
  return { encryptedPrivateKey: Uint8Array.from([...iv, ...ciphertext]), dhPublicKey: ecPoint(ephemeral) };
}

/**
 * The EV's side: decrypts the contract key with its static private key (`receiver`) and checks it against the
 * contract certificate's public key [V2G2-823]. Every failure is a ContractKeyError naming the field.
 */
export function decryptContractKeyIso2(input: { receiver: KeyObject; encryptedPrivateKey: Uint8Array; dhPublicKey: Uint8Array; contractPublicKey: KeyObject }): KeyObject {
  requireP256(input.receiver, 'receiver');
  if (input.encryptedPrivateKey.length !== IV_BYTES + 32) {
    throw new ContractKeyError('ContractSignatureEncryptedPrivateKey', `expected ${IV_BYTES + 32} bytes (IV and one P-256 scalar), got ${input.encryptedPrivateKey.length}`);
  }
  const sender = ecPublicKey('P-256', input.dhPublicKey, 'DHpublickey');
  const key = iso2SessionKey(sharedSecret(input.receiver, sender, 'DHpublickey'));
  const decipher = createDecipheriv('aes-128-cbc', key, input.encryptedPrivateKey.subarray(0, IV_BYTES)).setAutoPadding(false);
  const scalar = new Uint8Array(Buffer.concat([decipher.update(input.encryptedPrivateKey.subarray(IV_BYTES)), decipher.final()]));
  const contractKey = ecPrivateKey('P-256', scalar, 'ContractSignatureEncryptedPrivateKey');
  if (!samePublicKey(createPublicKey(contractKey), input.contractPublicKey)) {
    throw new ContractKeyError('ContractSignatureEncryptedPrivateKey', 'the decrypted key does not belong to the contract certificate');
  }
  return contractKey;
}

