/**
 * AuthorizationSetupReq: the station offers EIM only until Plug & Charge is built, so the EIM mode element goes and
 * no challenge [V2G20-2567] [V2G20-2568]; no certificate installation either.
 */
import type { AuthorizationSetupReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { authorizationSetupRes } from '../../iso20-setup-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const AuthorizationSetup: Iso20Handler<AuthorizationSetupReqType> = (ctx, _req, received) =>
  answered(authorizationSetupRes(replyContext(ctx, received), { responseCode: 'OK', services: ['EIM'], certificateInstallationService: false }));
