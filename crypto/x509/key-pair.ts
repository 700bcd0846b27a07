/**
 * Key pairs for the ISO 15118-2 PKI: every certificate in it, CA or leaf, has an ECDSA key on secp256r1 (NIST P-256)
 * and signs with SHA-256, as ISO 15118-2's certificate profiles require.
 */
import type { webcrypto } from 'node:crypto';
import { subtle } from '../engine.js';
import { derToPem } from '../pem.js';

export type CryptoKeyPair = webcrypto.CryptoKeyPair;

const P256: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

export async function generateP256KeyPair(): Promise<CryptoKeyPair> {
  return subtle.generateKey(P256, true, ['sign', 'verify']);
}

/** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`): what Node's TLS `key` option and OpenSSL read without a passphrase. */
export async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
  return derToPem('PRIVATE KEY', new Uint8Array(await subtle.exportKey('pkcs8', key)));
}
