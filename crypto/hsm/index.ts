/** Private keys on a PKCS#11 token (an HSM, a smart card, SoftHSM2), used through the EcdsaSigner seam. */
export type { KeySelector, PinSource, TokenConfig, TokenKeyConfig, TokenSelector } from './config.js';
export { HsmError } from './errors.js';
export { generateTokenKeyPair, type TokenKeyRequest } from './token-keys.js';
export { openTokenSigner, type TokenSigner, type TokenSignerOptions } from './token-signer.js';
export { defaultEnginesDir, tokenTlsKey, type TlsEngineOptions, type TokenTlsKeyOptions } from './tls-key.js';
