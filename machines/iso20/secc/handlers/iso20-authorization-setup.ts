/**
 * AuthorizationSetupReq: EIM always; Plug & Charge first where the station offers it (over TLS, with contract checks:
 * `input.pnc`), with this session's GenChallenge and, when the backend can install contracts,
 * CertificateInstallationService. The mode element follows the offer [V2G20-2567] [V2G20-2568].
 */
import type { AuthorizationSetupReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { authorizationSetupRes } from '../../iso20-setup-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const AuthorizationSetup: Iso20Handler<AuthorizationSetupReqType> = (ctx, _req, received) => {
  const at = replyContext(ctx, received);
  const pnc = ctx.input.pnc;
  if (pnc === undefined) return answered(authorizationSetupRes(at, { responseCode: 'OK', services: ['EIM'], certificateInstallationService: false }));
  return answered(
    authorizationSetupRes(at, {
      responseCode: 'OK',
      services: ['PnC', 'EIM'],
      certificateInstallationService: pnc.certificateInstallation,
      pnc: { genChallenge: pnc.genChallenge, ...(pnc.supportedProviders ? { supportedProviders: pnc.supportedProviders } : {}) },
    }),
  );
};
