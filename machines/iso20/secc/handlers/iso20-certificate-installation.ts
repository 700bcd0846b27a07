/**
 * CertificateInstallationReq (CommonMessages), between AuthorizationSetup and Authorization where the station offered
 * CertificateInstallationService: forwarded as it came (its Header with the OEM provisioning key's signature) to the
 * certificate provisioning service behind the backend (`certificate`, OCPP Get15118EVCertificate), the EV told
 * EVSEProcessing Ongoing until it answers; then the service's signed response, which only the EV can use (its
 * contract key is encrypted to the vehicle). No usable response, or none offered: FAILED.
 */
import type { CertificateInstallationReqType, CertificateInstallationResType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { v2gDocument } from '../../../../codecs/exi/v2g-document.js';
import { minimalResponse } from '../iso20-envelope.js';
import { answered, refusedWith, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const CertificateInstallation: Iso20Handler<CertificateInstallationReqType> = (ctx, req, received) => {
  if (ctx.input.pnc?.certificateInstallation !== true) return refusedWith(ctx, received, 'CertificateInstallationReq', req, 'FAILED');
  const reply = ctx.pending.certificate;
  if (reply === undefined || reply === 'asked') {
    const waiting = minimalResponse(replyContext(ctx, received), 'CertificateInstallationReq', req, 'OK', ctx.input.evseId);
    const { CertificateInstallationRes } = waiting.document as { readonly CertificateInstallationRes: CertificateInstallationResType };
    return answered(v2gDocument('iso20-common', { CertificateInstallationRes: { ...CertificateInstallationRes, EVSEProcessing: 'Ongoing' } }), {
      processing: 'Ongoing',
      ...(reply === undefined ? { ask: { kind: 'certificate', action: 'Install', message: { schema: 'iso20-common', document: { CertificateInstallationReq: req } } } } : {}),
    });
  }
  const body = reply.body as { readonly CertificateInstallationRes?: CertificateInstallationResType } | undefined;
  if (body?.CertificateInstallationRes === undefined) return refusedWith(ctx, received, 'CertificateInstallationReq', req, 'FAILED');
  return answered(v2gDocument('iso20-common', { CertificateInstallationRes: body.CertificateInstallationRes }), { processing: body.CertificateInstallationRes.EVSEProcessing === 'Finished' ? 'Finished' : 'Ongoing' });
};
