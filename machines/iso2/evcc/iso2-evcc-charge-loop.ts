/**
 * The EVCC's reading of the charging loop's responses (CurrentDemandRes, ChargingStatusRes) beyond the EVSE's status:
 * ReceiptRequired asks for MeteringReceiptReq, which returns the response's MeterInfo, so a receipt asked without one
 * cannot be given. Pure, table-tested.
 */
import type { ChargingStatusResType, CurrentDemandResType } from '../../../codecs/exi/generated/iso2.types.js';

export type LoopReceipt = 'none' | 'required' | 'impossible';

export function loopReceipt(res: Pick<CurrentDemandResType | ChargingStatusResType, 'ReceiptRequired' | 'MeterInfo'>): LoopReceipt {
  if (res.ReceiptRequired !== true) return 'none';
  return res.MeterInfo === undefined ? 'impossible' : 'required';
}
