/**
 * The two EC attributes a PKCS#11 token describes a key with: CKA_EC_PARAMS, the DER of the curve's namedCurve OID
 * (PKCS#11 v2.40 §2.3.3; X9.62 ECParameters), and CKA_EC_POINT, the DER OCTET STRING around the uncompressed point
 * (some modules return the bare point; both are read).
 */
import type { KeyObject } from 'node:crypto';
import { COORDINATE_SIZE, publicKeyOfPoint, type EcCurve } from '../ec-curves.js';

/** DER of each curve's OBJECT IDENTIFIER: prime256v1 1.2.840.10045.3.1.7, secp521r1 1.3.132.0.35. */
export const EC_PARAMS: Readonly<Record<EcCurve, Buffer>> = {
  'P-256': Buffer.from('06082a8648ce3d030107', 'hex'),
  'P-521': Buffer.from('06052b81040023', 'hex'),
};

export function curveOfEcParams(ecParams: Buffer): EcCurve | undefined {
  return (Object.keys(EC_PARAMS) as EcCurve[]).find((curve) => EC_PARAMS[curve].equals(ecParams));
}

/** Undefined when the value is neither the uncompressed point of `curve` nor an OCTET STRING holding it. */
export function publicKeyOfEcPoint(curve: EcCurve, ecPoint: Buffer): KeyObject | undefined {
  const pointLength = 1 + 2 * COORDINATE_SIZE[curve];
  const point = ecPoint.length === pointLength ? ecPoint : unwrapOctetString(ecPoint);
  return point === undefined ? undefined : publicKeyOfPoint(curve, point);
}

/** DER OCTET STRING with a short or one/two-byte long length (a point is at most 133 bytes). */
function unwrapOctetString(der: Buffer): Buffer | undefined {
  if (der[0] !== 0x04 || der.length < 2) return undefined;
  const first = der[1]!;
  const lengthBytes = first < 0x80 ? 0 : first & 0x7f;
  if (lengthBytes > 2) return undefined;
  const length = lengthBytes === 0 ? first : der.readUIntBE(2, lengthBytes);
  const start = 2 + lengthBytes;
  return der.length === start + length ? der.subarray(start) : undefined;
}
