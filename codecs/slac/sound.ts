import {
  type ApplicationFields,
  ID_LENGTH,
  RUN_ID_LENGTH,
  readApplication,
  writeApplication,
} from './application.js';
import type { MacAddress } from './mac.js';
import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_1 } from './mmtype.js';

const RND_LENGTH = 16;

/** EV → broadcast, sent C_EV_start_atten_char_inds (3) times: sounding is about to start. */
export interface CmStartAttenCharInd extends MmeAddressing<'CM_START_ATTEN_CHAR.IND'>, ApplicationFields {
  readonly NUM_SOUNDS: number;
  /** In units of 100 ms. */
  readonly TIME_OUT: number;
  readonly RESP_TYPE: number;
  readonly FORWARDING_STA: MacAddress;
  readonly RunID: Uint8Array;
}

/** EV → broadcast, NUM_SOUNDS times; the EV modem turns each into M-Sounds on the line. */
export interface CmMnbcSoundInd extends MmeAddressing<'CM_MNBC_SOUND.IND'>, ApplicationFields {
  readonly SenderID: Uint8Array;
  /** Sounds still to come after this one (9 … 0 for 10 sounds). */
  readonly CNT: number;
  readonly RunID: Uint8Array;
  readonly RND: Uint8Array;
}

export const cmStartAttenCharInd: PayloadCodec<CmStartAttenCharInd> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmStartAttenCharInd> {
    return {
      ...readApplication(r),
      NUM_SOUNDS: r.u8('NUM_SOUNDS'),
      TIME_OUT: r.u8('TIME_OUT'),
      RESP_TYPE: r.u8('RESP_TYPE'),
      FORWARDING_STA: r.mac('FORWARDING_STA'),
      RunID: r.bytes('RunID', RUN_ID_LENGTH),
    };
  },
  write(w, m) {
    writeApplication(w, m);
    w.u8('NUM_SOUNDS', m.NUM_SOUNDS);
    w.u8('TIME_OUT', m.TIME_OUT);
    w.u8('RESP_TYPE', m.RESP_TYPE);
    w.mac('FORWARDING_STA', m.FORWARDING_STA);
    w.bytes('RunID', m.RunID, RUN_ID_LENGTH);
  },
};

/** RunID is a 16-octet field in this message; its second half is reserved. */
export const cmMnbcSoundInd: PayloadCodec<CmMnbcSoundInd> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmMnbcSoundInd> {
    const application = readApplication(r);
    const SenderID = r.bytes('SenderID', ID_LENGTH);
    const CNT = r.u8('CNT');
    const RunID = r.bytes('RunID', RUN_ID_LENGTH);
    r.reserved('RSVD', RUN_ID_LENGTH);
    return { ...application, SenderID, CNT, RunID, RND: r.bytes('RND', RND_LENGTH) };
  },
  write(w, m) {
    writeApplication(w, m);
    w.bytes('SenderID', m.SenderID, ID_LENGTH);
    w.u8('CNT', m.CNT);
    w.bytes('RunID', m.RunID, RUN_ID_LENGTH);
    w.reserved('RSVD', RUN_ID_LENGTH);
    w.bytes('RND', m.RND, RND_LENGTH);
  },
};
