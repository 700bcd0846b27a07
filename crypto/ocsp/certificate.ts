/**
 * A certificate as OCSP works with it: pkijs's structure, for the CertID, the ResponderID and the signed bytes, and
 * what it says about itself as crypto/x509 reads it for `pki show` (subject, validity, the OCSP responder of its
 * authorityInfoAccess, extendedKeyUsage), so the two never read an extension differently. Bytes that are not a
 * certificate are an OcspError naming which one.
 */
import { Certificate } from 'pkijs';
import { PkiError } from '../errors.js';
import { readCertificate, type CertificateInfo } from '../x509/certificate-info.js';
import { OcspError } from './errors.js';

export interface OcspCertificate {
  readonly parsed: Certificate;
  readonly info: CertificateInfo;
}

export function readOcspCertificate(what: string, der: Uint8Array): OcspCertificate {
  try {
    return { info: readCertificate(der, what), parsed: Certificate.fromBER(new Uint8Array(der)) };
  } catch (error) {
    if (error instanceof PkiError) throw new OcspError(error.subject, error.reason);
    throw error;
  }
}
