import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_1 } from './mmtype.js';

/**
 * EV → EVSE, optional: asks the EVSE to count control-pilot B/C toggles (SignalType 0x00). The first exchange has
 * Timer 0; in the second, Timer is the toggle window in 100 ms units on top of a 100 ms base.
 */
export interface CmValidateReq extends MmeAddressing<'CM_VALIDATE.REQ'> {
  readonly SignalType: number;
  readonly Timer: number;
  readonly Result: number;
}

/** EVSE → EV. Result: 0 not ready, 1 ready, 2 success, 3 failure, 4 not required. */
export interface CmValidateCnf extends MmeAddressing<'CM_VALIDATE.CNF'> {
  readonly SignalType: number;
  /** The B/C edges the EVSE counted; 0 in the first exchange. */
  readonly ToggleNum: number;
  readonly Result: number;
}

export const cmValidateReq: PayloadCodec<CmValidateReq> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmValidateReq> {
    return { SignalType: r.u8('SignalType'), Timer: r.u8('Timer'), Result: r.u8('Result') };
  },
  write(w, m) {
    w.u8('SignalType', m.SignalType);
    w.u8('Timer', m.Timer);
    w.u8('Result', m.Result);
  },
};

export const cmValidateCnf: PayloadCodec<CmValidateCnf> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmValidateCnf> {
    return { SignalType: r.u8('SignalType'), ToggleNum: r.u8('ToggleNum'), Result: r.u8('Result') };
  },
  write(w, m) {
    w.u8('SignalType', m.SignalType);
    w.u8('ToggleNum', m.ToggleNum);
    w.u8('Result', m.Result);
  },
};
