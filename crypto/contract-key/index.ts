/** Contract private key delivery of ISO 15118-2 and -20: ECDH, the concatenation KDF and AES, both directions. */
export { iso20AgreementKey, type Iso20AgreementKey } from './agreement-key.js';
export { concatKdf, V2G_OTHER_INFO } from './concat-kdf.js';
export { ContractKeyError } from './errors.js';
export { decryptContractKeyIso2, encryptContractKeyIso2, iso2SessionKey, type Iso2EncryptedContractKey } from './iso2.js';
export { decryptContractKeyIso20, encryptContractKeyIso20, iso20Aad, iso20SessionKey, type EcdhCurve, type Iso20EncryptedContractKey } from './iso20.js';
