/**
 * MeteringConfirmationReq, on the EVSE's notification MeteringConfirmation: the EV confirms the reading it was shown.
 * Its signature is the contract key's (Plug & Charge); in an EIM session there is no contract certificate to check it
 * against, so the confirmation is taken as sent. It stops the notification from being shown again.
 */
import type { MeteringConfirmationReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { meteringConfirmationRes } from '../../iso20-metering.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const MeteringConfirmation: Iso20Handler<MeteringConfirmationReqType> = (ctx, _req, received) =>
  answered(meteringConfirmationRes(replyContext(ctx, received), { responseCode: 'OK' }), { update: { actedOn: 'MeteringConfirmation' } });
