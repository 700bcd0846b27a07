/**
 * The two EC attributes a PKCS#11 token describes a key with: CKA_EC_PARAMS, the DER of the curve's namedCurve OID
 * (PKCS#11 v2.40 §2.3.3; X9.62 ECParameters), and CKA_EC_POINT, the DER OCTET STRING around the uncompressed point
 * (some modules return the bare point; both are read).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { SignerCurve } from '../signer.js';

interface CurveParams {
  /** DER of the OBJECT IDENTIFIER: prime256v1 1.2.840.10045.3.1.7, secp521r1 1.3.132.0.35. */
  readonly ecParams: Buffer;
  /** Bytes of one coordinate, and so of r and of s. */
  readonly size: number;
}

export const CURVE_PARAMS: Readonly<Record<SignerCurve, CurveParams>> = {
  'P-256': { ecParams: Buffer.from('06082a8648ce3d030107', 'hex'), size: 32 },
  'P-521': { ecParams: Buffer.from('06052b81040023', 'hex'), size: 66 },
};

export function curveOfEcParams(ecParams: Buffer): SignerCurve | undefined {
  return (Object.keys(CURVE_PARAMS) as SignerCurve[]).find((curve) => CURVE_PARAMS[curve].ecParams.equals(ecParams));
}

/** Undefined when the value is neither the uncompressed point of `curve` nor an OCTET STRING holding it. */
export function publicKeyOfEcPoint(curve: SignerCurve, ecPoint: Buffer): KeyObject | undefined {
  const pointLength = 1 + 2 * CURVE_PARAMS[curve].size;
  const point = ecPoint.length === pointLength ? ecPoint : unwrapOctetString(ecPoint);
  if (point?.length !== pointLength || point[0] !== 0x04) return undefined;
  const coordinate = (from: number): string => point.subarray(from, from + CURVE_PARAMS[curve].size).toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: curve, x: coordinate(1), y: coordinate(1 + CURVE_PARAMS[curve].size) }, format: 'jwk' });
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
