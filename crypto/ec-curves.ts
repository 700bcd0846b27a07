/**
 * The two ECDSA/ECDH curves of V2G (secp256r1 for ISO 15118-2, secp521r1 for ISO 15118-20), once for every part of
 * crypto/ that names them: their size, OpenSSL's name for each, and the uncompressed point (0x04 ‖ X ‖ Y, SEC 1 §2.3.3)
 * the messages and PKCS#11 tokens carry a public key as.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export type EcCurve = 'P-256' | 'P-521';

/** Bytes of one coordinate, of a private scalar, and of r and of s in a raw signature. */
export const COORDINATE_SIZE: Readonly<Record<EcCurve, number>> = { 'P-256': 32, 'P-521': 66 };

/** OpenSSL's (and Node's `namedCurve`) name of each curve. */
export const OPENSSL_CURVE_NAME: Readonly<Record<EcCurve, string>> = { 'P-256': 'prime256v1', 'P-521': 'secp521r1' };

export function curveOfOpenSslName(name: string | undefined): EcCurve | undefined {
  return (Object.keys(OPENSSL_CURVE_NAME) as EcCurve[]).find((curve) => OPENSSL_CURVE_NAME[curve] === name);
}

/** An uncompressed point of `curve` as a public key; undefined when it is not one (length, prefix, not on the curve). */
export function publicKeyOfPoint(curve: EcCurve, point: Uint8Array): KeyObject | undefined {
  const size = COORDINATE_SIZE[curve];
  if (point.length !== 1 + 2 * size || point[0] !== 0x04) return undefined;
  const coordinate = (from: number): string => Buffer.from(point.subarray(from, from + size)).toString('base64url');
  try {
    return createPublicKey({ key: { kty: 'EC', crv: curve, x: coordinate(1), y: coordinate(1 + size) }, format: 'jwk' });
  } catch {
    return undefined;
  }
}
