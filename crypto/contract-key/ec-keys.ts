/**
 * EC and X448 keys as the V2G messages carry them: public keys as uncompressed points (0x04 ‖ X ‖ Y) or raw X448
 * keys, private keys as big-endian scalars of the curve's size. Conversions to and from node:crypto KeyObjects, and
 * the ECDH shared secret Z (the x-coordinate of the shared point, NIST SP 800-56A C(1, 1, ECC CDH): both curves have
 * cofactor 1; for X448 the RFC 7748 output).
 */
import { createECDH, createPrivateKey, createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { COORDINATE_SIZE, OPENSSL_CURVE_NAME, publicKeyOfPoint, type EcCurve } from '../ec-curves.js';
import { ContractKeyError } from './errors.js';

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const bytes = (s: unknown): Uint8Array => new Uint8Array(Buffer.from(String(s), 'base64url'));

/** An uncompressed point of `curve` as a public KeyObject; a ContractKeyError if it is not one. */
export function ecPublicKey(curve: EcCurve, point: Uint8Array, field: string): KeyObject {
  const n = COORDINATE_SIZE[curve];
  if (point.length !== 1 + 2 * n || point[0] !== 0x04) throw new ContractKeyError(field, `expected an uncompressed ${curve} point of ${1 + 2 * n} bytes, got ${point.length}`);
  const key = publicKeyOfPoint(curve, point);
  if (key === undefined) throw new ContractKeyError(field, `not a point of ${curve}`);
  return key;
}

export function ecPoint(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return Uint8Array.from([0x04, ...bytes(jwk.x), ...bytes(jwk.y)]);
}

export function ecScalar(key: KeyObject): Uint8Array {
  return bytes(key.export({ format: 'jwk' }).d);
}

/**
 * The private key of a scalar; a ContractKeyError unless it is in [1, n-1] ([V2G2-823], [V2G20-2507]: strictly
 * smaller than the order of the base point).
 */
export function ecPrivateKey(curve: EcCurve, scalar: Uint8Array, field: string): KeyObject {
  if (scalar.length !== COORDINATE_SIZE[curve]) throw new ContractKeyError(field, `expected a ${COORDINATE_SIZE[curve]}-byte ${curve} scalar, got ${scalar.length}`);
  const ecdh = createECDH(OPENSSL_CURVE_NAME[curve]);
  try {
    ecdh.setPrivateKey(scalar);
  } catch {
    throw new ContractKeyError(field, `not a private key of ${curve} (zero or not below the group order)`);
  }
  const point = ecdh.getPublicKey();
  const n = COORDINATE_SIZE[curve];
  return createPrivateKey({
    key: { kty: 'EC', crv: curve, d: b64u(scalar), x: b64u(point.subarray(1, 1 + n)), y: b64u(point.subarray(1 + n)) },
    format: 'jwk',
  });
}

export function x448PublicKey(raw: Uint8Array, field: string): KeyObject {
  if (raw.length !== 56) throw new ContractKeyError(field, `expected a 56-byte X448 public key, got ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'X448', x: b64u(raw) }, format: 'jwk' });
}

export function x448Raw(key: KeyObject): Uint8Array {
  return bytes(key.export({ format: 'jwk' }).x);
}

/** RFC 8410's PKCS #8 wrapping of a raw X448 private key: a fixed prefix before the 56 key bytes. */
const X448_PKCS8_PREFIX = Uint8Array.of(0x30, 0x46, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x04, 0x3a, 0x04, 0x38);

/** The 56 raw bytes of an X448 private key as a KeyObject (RFC 7748 clamps any 56 bytes, so each is a key). */
export function x448PrivateKey(raw: Uint8Array, field: string): KeyObject {
  if (raw.length !== 56) throw new ContractKeyError(field, `expected a 56-byte X448 private key, got ${raw.length}`);
  return createPrivateKey({ key: Buffer.from([...X448_PKCS8_PREFIX, ...raw]), format: 'der', type: 'pkcs8' });
}

export function x448PrivateRaw(key: KeyObject): Uint8Array {
  return bytes(key.export({ format: 'jwk' }).d);
}

/** Z of the ephemeral-static exchange; a ContractKeyError where the keys do not agree (wrong curve, bad point). */
export function sharedSecret(privateKey: KeyObject, publicKey: KeyObject, field: string): Uint8Array {
  try {
    return new Uint8Array(diffieHellman({ privateKey, publicKey }));
  } catch (e) {
    throw new ContractKeyError(field, `no key agreement with this key: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Whether two public keys are the same key (the delivered private key's and the contract certificate's). */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return Buffer.from(a.export({ format: 'der', type: 'spki' })).equals(b.export({ format: 'der', type: 'spki' }));
}
