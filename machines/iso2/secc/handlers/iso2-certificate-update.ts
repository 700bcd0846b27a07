/** CertificateUpdateReq: a new contract for one about to expire, from the certificate provisioning service. */
import { certificateAnswer } from '../iso2-certificate-provisioning.js';
import type { Iso2Handler } from '../iso2-answer-parts.js';

export const handleCertificateUpdate: Iso2Handler<'CertificateUpdateReq'> = (req, ctx, header) => certificateAnswer('CertificateUpdateReq', req, ctx, header);
