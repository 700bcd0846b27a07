/**
 * MeteringConfirmation: on the SECC's EVSENotification MeteringConfirmation the EV returns the meter reading it was
 * shown (SignedMeteringData, with the SessionID and, in Scheduled control, the tuple in force); the signature over it
 * goes into the message header and is made by the Plug & Charge contract key, not here.
 */
import type { MeteringConfirmationReqType } from '../../codecs/exi/generated/iso20-common.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import { meterInfo, readMeterInfo, type MeterFacts } from './iso20-loop-parts.js';
import type { CodeResFacts } from './iso20-response-codes.js';

export interface MeteringConfirmationFacts {
  /** The XML Id the signature references. */
  readonly id: string;
  readonly meter: MeterFacts;
  /** Scheduled control: the ScheduleTuple in force; absent: Dynamic control. */
  readonly selectedScheduleTupleId?: number;
}

export function meteringConfirmationReq(ctx: MessageContext, f: MeteringConfirmationFacts): V2gDocument<'iso20-common'> {
  const mode = f.selectedScheduleTupleId === undefined ? { Dynamic_SMDTControlMode: {} } : { Scheduled_SMDTControlMode: { SelectedScheduleTupleID: f.selectedScheduleTupleId } };
  return v2gDocument('iso20-common', {
    MeteringConfirmationReq: { Header: headerOf(ctx), SignedMeteringData: { '@Id': f.id, SessionID: ctx.sessionId, MeterInfo: meterInfo(f.meter), ...mode } },
  });
}

export function readMeteringConfirmationReq(req: MeteringConfirmationReqType): MeteringConfirmationFacts & { readonly sessionId: Uint8Array } {
  const data = req.SignedMeteringData;
  const tuple = data.Scheduled_SMDTControlMode?.SelectedScheduleTupleID;
  return { id: data['@Id'], sessionId: data.SessionID, meter: readMeterInfo(data.MeterInfo), ...(tuple === undefined ? {} : { selectedScheduleTupleId: tuple }) };
}

export function meteringConfirmationRes(ctx: MessageContext, f: CodeResFacts): V2gDocument<'iso20-common'> {
  return v2gDocument('iso20-common', { MeteringConfirmationRes: { Header: headerOf(ctx), ResponseCode: f.responseCode } });
}
