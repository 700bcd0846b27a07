/** OCSP (RFC 6960): asking a responder about a certificate, verifying its answer, and stapling the SECC's own. */
export { queryOcsp, queryOcspByCertId, type OcspCertIdQuery, type OcspQuery, type OcspResult } from './client.js';
export { OcspError } from './errors.js';
export { buildOcspRequest, certIdFromHashes, certIdRequest, issuerHashesOf, type BuiltOcspRequest, type CertIdHash, type OcspRequestOptions } from './request.js';
export { verifyOcspResponse, type CertStatus, type CrlReason, type OcspResponseCheck, type OcspStatus } from './response.js';
export { OcspStapler, type OcspRequestListener, type OcspStaplerOptions } from './stapler.js';
