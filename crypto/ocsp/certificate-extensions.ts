/**
 * The certificate extensions OCSP needs and the test PKI's builder does not write yet: authorityInfoAccess with the
 * responder's URL (RFC 5280 §4.2.2.1, id-ad-ocsp), extendedKeyUsage id-kp-OCSPSigning for a delegated responder
 * (RFC 6960 §4.2.2.2) and id-pkix-ocsp-nocheck, which tells a client not to ask about the responder's own
 * certificate (RFC 6960 §4.2.2.2.1). Also the readers of the first two.
 */
import { Null } from 'asn1js';
import { AccessDescription, Certificate, ExtKeyUsage, Extension, GeneralName, InfoAccess } from 'pkijs';

export const OID = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  accessMethodOcsp: '1.3.6.1.5.5.7.48.1',
  extKeyUsage: '2.5.29.37',
  kpOcspSigning: '1.3.6.1.5.5.7.3.9',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

const GENERAL_NAME_URI = 6;

export function ocspAuthorityInfoAccessExtension(url: string): Extension {
  const value = new InfoAccess({
    accessDescriptions: [new AccessDescription({ accessMethod: OID.accessMethodOcsp, accessLocation: new GeneralName({ type: GENERAL_NAME_URI, value: url }) })],
  });
  return new Extension({ extnID: OID.authorityInfoAccess, critical: false, extnValue: value.toSchema().toBER(false) });
}

/** A delegated responder's two extensions: the purpose, and "do not check my own status". */
export function ocspSigningExtensions(): Extension[] {
  return [
    new Extension({ extnID: OID.extKeyUsage, critical: false, extnValue: new ExtKeyUsage({ keyPurposes: [OID.kpOcspSigning] }).toSchema().toBER(false) }),
    new Extension({ extnID: OID.ocspNoCheck, critical: false, extnValue: new Null().toBER(false) }),
  ];
}

/** The first OCSP responder URL of the certificate's authorityInfoAccess, if any. */
export function ocspUrlOf(certificate: Certificate): string | undefined {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.authorityInfoAccess);
  const access = extension?.parsedValue instanceof InfoAccess ? extension.parsedValue : undefined;
  const ocsp = access?.accessDescriptions.find((d) => d.accessMethod === OID.accessMethodOcsp && d.accessLocation.type === GENERAL_NAME_URI);
  return ocsp === undefined ? undefined : String(ocsp.accessLocation.value);
}

export function hasOcspSigningPurpose(certificate: Certificate): boolean {
  const extension = certificate.extensions?.find((e) => e.extnID === OID.extKeyUsage);
  return extension?.parsedValue instanceof ExtKeyUsage && extension.parsedValue.keyPurposes.includes(OID.kpOcspSigning);
}
