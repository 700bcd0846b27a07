/** XML Signature over EXI for ISO 15118-2 and -20: sign, verify, and which messages carry one. */
export * from './algorithms.js';
export { XmlSignatureError, type XmlSignatureErrorCode } from './errors.js';
export { elementsToSign, signMessage } from './sign.js';
export { ISO2_SIGNED, ISO20_SIGNED, SIGNATURE_SCHEMAS, isSignatureSchema, standardOf, type SignatureSchema, type SignedMessage } from './signed-messages.js';
export { signerCertificate } from './signer-certificate.js';
export { MAX_REFERENCES, verifyMessage, type ReferenceResult, type VerifyResult } from './verify.js';
