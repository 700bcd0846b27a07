/**
 * An EcdsaSigner over a private key on a PKCS#11 token: the key is used through the token and never read out.
 *
 * By default the digest is computed here and only it is signed with CKM_ECDSA, so a message of any size costs the
 * token (or a network HSM's link) 32 or 64 bytes; `digest: 'token'` signs with CKM_ECDSA_SHA256/SHA512 instead, for a
 * policy that wants the token to hash. Both return r || s, each left-padded to the curve's size (PKCS#11 v2.40 §2.3.1),
 * the signer's form. A PKCS#11 session runs one operation at a time, so signatures on one signer are queued.
 */
import { createHash, type KeyObject } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import type { EcdsaSigner, SignerHash } from '../signer.js';
import { COORDINATE_SIZE, type EcCurve } from '../ec-curves.js';
import { describeKey, type KeySelector, type TokenKeyConfig } from './config.js';
import { curveOfEcParams, publicKeyOfEcPoint } from './ec-params.js';
import { asHsmError, cryptoki, HsmError } from './errors.js';
import { findObjects, openTokenSession, type TokenSession } from './token-session.js';

export interface TokenSigner extends EcdsaSigner {
  /** From the token's public-key object of the same CKA_ID (or label); undefined where the token keeps none. */
  readonly publicKey: KeyObject | undefined;
  /** Closes the signer's session; signing afterwards is an HsmError. */
  close(): void;
}

export interface TokenSignerOptions {
  readonly digest?: 'local' | 'token';
}

const TOKEN_MECHANISMS: Readonly<Record<SignerHash, number>> = { sha256: pkcs11js.CKM_ECDSA_SHA256, sha512: pkcs11js.CKM_ECDSA_SHA512 };

export function openTokenSigner(config: TokenKeyConfig, options: TokenSignerOptions = {}): TokenSigner {
  if (config.key.label === undefined && config.key.id === undefined) throw new RangeError('a token key needs a label or an id');
  const token = openTokenSession(config);
  const subject = `${token.subject} ${describeKey(config.key)}`;
  try {
    const privateKey = findOne(token, subject, pkcs11js.CKO_PRIVATE_KEY, config.key);
    const [ecParams, id] = attributes(token, subject, privateKey, [pkcs11js.CKA_EC_PARAMS, pkcs11js.CKA_ID]);
    const curve = curveOfEcParams(ecParams!);
    if (curve === undefined) throw new HsmError(subject, `is not an EC key on P-256 or P-521 (CKA_EC_PARAMS ${ecParams!.toString('hex')})`);
    const digest = options.digest ?? 'local';
    const offered = new Set(cryptoki(subject, 'C_GetMechanismList', () => token.pkcs11.C_GetMechanismList(token.slot)));
    const needed = digest === 'local' ? [pkcs11js.CKM_ECDSA] : Object.values(TOKEN_MECHANISMS);
    if (!needed.every((m) => offered.has(m))) {
      throw new HsmError(subject, `the token does not offer ${digest === 'local' ? 'CKM_ECDSA' : 'CKM_ECDSA_SHA256 and CKM_ECDSA_SHA512'}`);
    }
    const publicKey = readPublicKey(token, subject, curve, id!.length > 0 ? { id: id! } : config.key);
    return tokenSigner(token, subject, privateKey, curve, digest, publicKey);
  } catch (error) {
    token.close();
    throw error;
  }
}

function tokenSigner(
  token: TokenSession,
  subject: string,
  privateKey: pkcs11js.Handle,
  curve: EcCurve,
  digest: 'local' | 'token',
  publicKey: KeyObject | undefined,
): TokenSigner {
  const signatureLength = 2 * COORDINATE_SIZE[curve];
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const signOnce = async (data: Uint8Array, hash: SignerHash): Promise<Uint8Array> => {
    if (closed) throw new HsmError(subject, 'signer is closed');
    const mechanism = digest === 'local' ? pkcs11js.CKM_ECDSA : TOKEN_MECHANISMS[hash];
    const input = digest === 'local' ? createHash(hash).update(data).digest() : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let signature: Buffer;
    try {
      token.pkcs11.C_SignInit(token.session, { mechanism }, privateKey);
      signature = await token.pkcs11.C_SignAsync(token.session, input, Buffer.alloc(signatureLength));
    } catch (error) {
      throw asHsmError(subject, 'signing', error);
    }
    if (signature.length !== signatureLength) throw new HsmError(subject, `the token returned a ${signature.length}-byte signature, not r || s of ${signatureLength}`);
    return new Uint8Array(signature);
  };
  return {
    curve,
    publicKey,
    sign: (data, hash) => {
      const result = queue.then(() => signOnce(data, hash));
      queue = result.catch(() => undefined);
      return result;
    },
    close: () => {
      closed = true;
      void queue.finally(() => token.close());
    },
  };
}

function findOne(token: TokenSession, subject: string, objectClass: number, key: KeySelector): pkcs11js.Handle {
  const found = findObjects(token, subject, objectClass, key);
  if (found.length === 0) throw new HsmError(subject, 'no such EC private key on the token');
  if (found.length > 1) throw new HsmError(subject, `${found.length} EC private keys match; select one by label and id`);
  return found[0]!;
}

function attributes(token: TokenSession, subject: string, object: pkcs11js.Handle, types: readonly number[]): Buffer[] {
  const values = cryptoki(subject, 'C_GetAttributeValue', () => token.pkcs11.C_GetAttributeValue(token.session, object, types.map((type) => ({ type }))));
  return values.map((a) => a.value);
}

function readPublicKey(token: TokenSession, subject: string, curve: EcCurve, key: KeySelector): KeyObject | undefined {
  const [publicObject] = findObjects(token, subject, pkcs11js.CKO_PUBLIC_KEY, key);
  if (publicObject === undefined) return undefined;
  const [ecPoint] = attributes(token, subject, publicObject, [pkcs11js.CKA_EC_POINT]);
  const publicKey = publicKeyOfEcPoint(curve, ecPoint!);
  if (!publicKey) throw new HsmError(subject, `its public key's CKA_EC_POINT is not a ${curve} point`);
  return publicKey;
}
