/** CertificateInstallationReq: a contract for an EV that has none, from the certificate provisioning service. */
import { certificateAnswer } from '../iso2-certificate-provisioning.js';
import type { Iso2Handler } from '../iso2-answer-parts.js';

export const handleCertificateInstallation: Iso2Handler<'CertificateInstallationReq'> = (req, ctx, header) =>
  certificateAnswer('CertificateInstallationReq', req, ctx, header);
