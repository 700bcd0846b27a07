/**
 * Who signs: the one seam between what needs a signature (XML signatures over EXI, certificates, the TLS key) and where
 * the private key lives. A key in memory (`softwareSigner`) and a key on a PKCS#11 token implement the same interface,
 * so a key that must never leave an HSM is used exactly like one generated for a test.
 *
 * Signatures are ECDSA in the raw form r || s, each integer left-padded to the curve's size: the form XML Signature's
 * ecdsa-sha256/-sha512 SignatureValue carries (RFC 4050 §3.3), and what PKCS#11's CKM_ECDSA returns.
 */
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { curveOfOpenSslName, type EcCurve } from './ec-curves.js';

export type SignerHash = 'sha256' | 'sha512';

export interface EcdsaSigner {
  readonly curve: EcCurve;
  /** Hashes `data` with `hash` and signs the digest; the result is r || s. */
  sign(data: Uint8Array, hash: SignerHash): Promise<Uint8Array>;
}

/** A signer over a private key held in this process (PKCS#8 PEM or a KeyObject). */
export function softwareSigner(key: KeyObject | string): EcdsaSigner {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  const namedCurve = privateKey.asymmetricKeyDetails?.namedCurve;
  const curve = curveOfOpenSslName(namedCurve);
  if (privateKey.asymmetricKeyType !== 'ec' || curve === undefined) {
    throw new RangeError(`a signer needs an EC key on P-256 or P-521, not ${privateKey.asymmetricKeyType} ${namedCurve ?? ''}`.trim());
  }
  return {
    curve,
    sign: async (data, hash) => new Uint8Array(nodeSign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}
