/**
 * ISO 15118-20 contract private key delivery (7.9.2.5) for an EVCC without TPM: the SA (eMSP) encrypts the new
 * contract key for the EV under a session key agreed by ephemeral-static ECDH, the EV decrypts it.
 *
 *   Z  = ECDH on the curve ECDHCurve names: SECP521 (secp521r1, x-coordinate) or X448 (RFC 7748), the SA's ephemeral
 *        key against the EV's OEM provisioning key (its "Alternate Subject Public Key" for X448 [V2G20-2534])
 *   K  = leftmost 256 bits of SHA-512(00000001 ‖ Z ‖ 01 55 56)             [V2G20-2535] (concat KDF, SA = party U)
 *   AAD = PCID (18 ASCII characters, capitals and digits, no separators) ‖ the contract certificate's SKI as a
 *        hexadecimal string in capitals                                  [V2G20-2492]
 *   SECP521_EncryptedPrivateKey = IV(12) ‖ AES-256-GCM(K, IV, AAD, 7 zero bits ‖ d521)(66) ‖ tag(16) = 94 bytes
 *        [V2G20-2497], [V2G20-2499]; X448_EncryptedPrivateKey = IV(12) ‖ ciphertext(56) ‖ tag(16) = 84 bytes
 *        [V2G20-2500], [V2G20-2502]
 *   DHPublicKey = the ephemeral public key: 133 bytes (uncompressed P-521 point) or the 56-byte X448 key without
 *        filler [V2G20-2495]
 *
 * The standard's text as published excerpts give it; the layout of the uncompressed P-521 point in DHPublicKey (133
 * bytes = 0x04 ‖ X ‖ Y) is inferred from the field's length (unverified). X448_EncryptedPrivateKey carries "the 448
 * bit private key corresponding to the contract certificate" [V2G20-2500]: 56 bytes are exactly an X448 private key,
 * which is checked against the contract certificate's X448 key [V2G20-2507]; an Ed448 key (RFC 8032: 57 bytes) does
 * not fit the field, so a certificate on Ed448 is refused rather than guessed at.
 */
import { createCipheriv, createDecipheriv, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { concatKdf, V2G_OTHER_INFO } from './concat-kdf.js';
import { ContractKeyError } from './errors.js';
import { ecPoint, ecPrivateKey, ecPublicKey, ecScalar, samePublicKey, sharedSecret, x448PrivateKey, x448PrivateRaw, x448PublicKey, x448Raw } from './ec-keys.js';

export type EcdhCurve = 'SECP521' | 'X448';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const PLAINTEXT_BYTES: Readonly<Record<EcdhCurve, number>> = { SECP521: 66, X448: 56 };

export interface Iso20EncryptedContractKey {
  readonly ecdhCurve: EcdhCurve;
  readonly dhPublicKey: Uint8Array;
  /** SECP521_EncryptedPrivateKey (94 bytes) or X448_EncryptedPrivateKey (84 bytes). */
  readonly encryptedPrivateKey: Uint8Array;
}

export function iso20SessionKey(z: Uint8Array): Uint8Array {
  return concatKdf('sha512', z, V2G_OTHER_INFO, 32);
}

/** [V2G20-2492]: PCID ‖ SKI in capital hexadecimal, as ASCII. */
export function iso20Aad(pcid: string, contractSki: Uint8Array): Uint8Array {
  if (!/^[A-Z0-9]{18}$/.test(pcid)) throw new ContractKeyError('PCID', `expected 18 capitals and digits without separators, got ${JSON.stringify(pcid)}`);
  return new Uint8Array(Buffer.from(pcid + Buffer.from(contractSki).toString('hex').toUpperCase(), 'ascii'));
}

function receiverKey(curve: EcdhCurve, key: KeyObject, field: string): void {
  const ok = curve === 'SECP521' ? key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp521r1' : key.asymmetricKeyType === 'x448';
  if (!ok) throw new ContractKeyError(field, `ECDHCurve ${curve} needs a ${curve === 'SECP521' ? 'secp521r1' : 'X448'} key`);
}

function privateKeyBytes(curve: EcdhCurve, key: KeyObject): Uint8Array {
  if (curve === 'SECP521') return ecScalar(key);
  if (key.asymmetricKeyType !== 'x448') throw new ContractKeyError('contract key', `X448_EncryptedPrivateKey carries a 56-byte X448 key, not a ${key.asymmetricKeyType} key`);
  return x448PrivateRaw(key);
}

/**
 * Encrypts the contract key: a secp521r1 KeyObject for SECP521, an X448 KeyObject or its 56 raw bytes for X448. `ephemeral`
 * and `iv` are for reproducible tests only: each delivery needs fresh ones [V2G20-2496].
 */
export function encryptContractKeyIso20(input: {
  curve: EcdhCurve;
  receiver: KeyObject;
  contractKey: KeyObject | Uint8Array;
  pcid: string;
  contractSki: Uint8Array;
  ephemeral?: KeyObject;
  iv?: Uint8Array;
}): Iso20EncryptedContractKey {
  const { curve } = input;
  receiverKey(curve, input.receiver, 'receiver');
  const ephemeral = input.ephemeral ?? (curve === 'SECP521' ? generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey : generateKeyPairSync('x448').privateKey);
  receiverKey(curve, ephemeral, 'ephemeral key');
  const plaintext = input.contractKey instanceof Uint8Array ? input.contractKey : privateKeyBytes(curve, input.contractKey);
  if (plaintext.length !== PLAINTEXT_BYTES[curve]) throw new ContractKeyError('contract key', `expected a ${PLAINTEXT_BYTES[curve]}-byte ${curve} private key`);
  const iv = input.iv ?? new Uint8Array(randomBytes(IV_BYTES));
  if (iv.length !== IV_BYTES) throw new ContractKeyError('iv', `expected ${IV_BYTES} bytes`);
  const key = iso20SessionKey(sharedSecret(ephemeral, input.receiver, 'receiver'));
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(iso20Aad(input.pcid, input.contractSki));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const dhPublicKey = curve === 'SECP521' ? ecPoint(ephemeral) : x448Raw(createPublicKey(ephemeral));
  return { ecdhCurve: curve, dhPublicKey, encryptedPrivateKey: Uint8Array.from([...iv, ...ciphertext, ...cipher.getAuthTag()]) };
}

/**
 * The EV's side. For SECP521 the result is the contract key, checked to be below the group order with its 7 leading
 * bits zero [V2G20-2678] and to belong to `contractPublicKey` [V2G20-2507]. For X448 with `contractPublicKey`, the
 * X448 key it must belong to; without, the 56 decrypted bytes.
 */
export function decryptContractKeyIso20(input: {
  curve: EcdhCurve;
  receiver: KeyObject;
  dhPublicKey: Uint8Array;
  encryptedPrivateKey: Uint8Array;
  pcid: string;
  contractSki: Uint8Array;
  contractPublicKey?: KeyObject;
}): KeyObject | Uint8Array {
  const { curve } = input;
  const field = curve === 'SECP521' ? 'SECP521_EncryptedPrivateKey' : 'X448_EncryptedPrivateKey';
  receiverKey(curve, input.receiver, 'receiver');
  const expected = IV_BYTES + PLAINTEXT_BYTES[curve] + TAG_BYTES;
  if (input.encryptedPrivateKey.length !== expected) throw new ContractKeyError(field, `expected ${expected} bytes, got ${input.encryptedPrivateKey.length}`);
  const sender = curve === 'SECP521' ? ecPublicKey('P-521', input.dhPublicKey, 'DHPublicKey') : x448PublicKey(input.dhPublicKey, 'DHPublicKey');
  const key = iso20SessionKey(sharedSecret(input.receiver, sender, 'DHPublicKey'));
  const body = input.encryptedPrivateKey;
  const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(iso20Aad(input.pcid, input.contractSki));
  decipher.setAuthTag(body.subarray(expected - TAG_BYTES));
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(Buffer.concat([decipher.update(body.subarray(IV_BYTES, expected - TAG_BYTES)), decipher.final()]));
  } catch {
    // [V2G20-2504]: a failed decryption rejects the CertificateInstallationRes.
    throw new ContractKeyError(field, 'decryption failed (wrong key, PCID, SKI or a changed field)');
  }
  if (curve === 'X448') return input.contractPublicKey ? belongingX448Key(plaintext, input.contractPublicKey, field) : plaintext;
  if (plaintext[0]! > 1) throw new ContractKeyError(field, 'the decrypted key does not start with 7 zero bits');
  const contractKey = ecPrivateKey('P-521', plaintext, field);
  return input.contractPublicKey ? belonging(contractKey, input.contractPublicKey, field) : contractKey;
}

function belongingX448Key(plaintext: Uint8Array, contractPublicKey: KeyObject, field: string): KeyObject {
  if (contractPublicKey.asymmetricKeyType !== 'x448') {
    throw new ContractKeyError(field, `a 448-bit key cannot belong to a contract certificate on ${contractPublicKey.asymmetricKeyType}`);
  }
  return belonging(x448PrivateKey(plaintext, field), contractPublicKey, field);
}

function belonging(contractKey: KeyObject, contractPublicKey: KeyObject, field: string): KeyObject {
  if (!samePublicKey(createPublicKey(contractKey), contractPublicKey)) throw new ContractKeyError(field, 'the decrypted key does not belong to the contract certificate');
  return contractKey;
}
