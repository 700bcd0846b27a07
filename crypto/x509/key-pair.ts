/**
 * Key pairs of the V2G PKIs. ISO 15118-2: ECDSA on secp256r1 (NIST P-256) with SHA-256 for every certificate, CA or
 * leaf. ISO 15118-20: ECDSA on secp521r1 (P-521) with SHA-512, or Ed448. The curve fixes the hash: a certificate is
 * signed with the hash its issuer's curve goes with, so the two never disagree.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { curveOfOpenSslName } from '../ec-curves.js';
import { derToPem } from '../pem.js';

export type KeyAlgorithm = 'P-256' | 'P-521' | 'Ed448';

export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

const generate = promisify(generateKeyPair);

export async function generateKeys(algorithm: KeyAlgorithm): Promise<KeyPair> {
  if (algorithm === 'Ed448') return generate('ed448');
  return generate('ec', { namedCurve: algorithm });
}

export const generateP256KeyPair = (): Promise<KeyPair> => generateKeys('P-256');

/** The algorithm of a key this module can sign with; undefined for any other (RSA, P-384, Ed25519, ...). */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed448') return 'Ed448';
  if (key.asymmetricKeyType !== 'ec') return undefined;
  return curveOfOpenSslName(key.asymmetricKeyDetails?.namedCurve);
}

/** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`): what Node's TLS `key` option and OpenSSL read without a passphrase. */
export function privateKeyToPem(key: KeyObject): string {
  return derToPem('PRIVATE KEY', new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })));
}
