import {
  type ApplicationFields,
  ID_LENGTH,
  RUN_ID_LENGTH,
  readApplication,
  writeApplication,
} from './application.js';
import type { FieldReader, FieldWriter } from './slac-fields.js';
import type { MacAddress } from './mac.js';
import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_1 } from './mmtype.js';

/**
 * EVSE modem → EVSE host, once per sound received: the attenuation it measured. No RunID; the host matches it to a
 * run by PEV_MAC.
 */
export interface CmAttenProfileInd extends MmeAddressing<'CM_ATTEN_PROFILE.IND'> {
  readonly PEV_MAC: MacAddress;
  /** Average attenuation per carrier group in dB; Green PHY has 58 groups, NumGroups is this array's length. */
  readonly AAG: readonly number[];
}

/** EVSE host → EV: the attenuation averaged over the sounds received in this run. */
export interface CmAttenCharInd extends MmeAddressing<'CM_ATTEN_CHAR.IND'>, AttenCharIdentity {
  readonly NUM_SOUNDS: number;
  /** ATTEN_PROFILE: NumGroups is this array's length. */
  readonly AAG: readonly number[];
}

/** EV → EVSE host: acknowledges the CM_ATTEN_CHAR.IND. */
export interface CmAttenCharRsp extends MmeAddressing<'CM_ATTEN_CHAR.RSP'>, AttenCharIdentity {
  readonly Result: number;
}

interface AttenCharIdentity extends ApplicationFields {
  /** The EV's MAC. */
  readonly SOURCE_ADDRESS: MacAddress;
  readonly RunID: Uint8Array;
  readonly SOURCE_ID: Uint8Array;
  readonly RESP_ID: Uint8Array;
}

function readIdentity(r: FieldReader): AttenCharIdentity {
  return {
    ...readApplication(r),
    SOURCE_ADDRESS: r.mac('SOURCE_ADDRESS'),
    RunID: r.bytes('RunID', RUN_ID_LENGTH),
    SOURCE_ID: r.bytes('SOURCE_ID', ID_LENGTH),
    RESP_ID: r.bytes('RESP_ID', ID_LENGTH),
  };
}

function writeIdentity(w: FieldWriter, m: AttenCharIdentity): void {
  writeApplication(w, m);
  w.mac('SOURCE_ADDRESS', m.SOURCE_ADDRESS);
  w.bytes('RunID', m.RunID, RUN_ID_LENGTH);
  w.bytes('SOURCE_ID', m.SOURCE_ID, ID_LENGTH);
  w.bytes('RESP_ID', m.RESP_ID, ID_LENGTH);
}

/**
 * NumGroups, then (in CM_ATTEN_PROFILE.IND only) a reserved octet, then one AAG octet per group. Frames may be
 * longer than the groups (open-plc-utils sends room for 255 groups), and a modem may report NumGroups 0 with no
 * AAG at all (the Model Y capture's EVSE modem does), so the count, not the frame length, decides.
 */
function readGroups(r: FieldReader, reservedOctet: boolean): number[] {
  const countAt = r.offset;
  const NumGroups = r.u8('NumGroups');
  if (reservedOctet) r.reserved('RSVD', 1);
  r.expect('NumGroups', countAt, NumGroups);
  const AAG: number[] = [];
  for (let i = 0; i < NumGroups; i++) AAG.push(r.u8(`AAG[${i}]`));
  return AAG;
}

function writeGroups(w: FieldWriter, AAG: readonly number[], reservedOctet: boolean): void {
  w.u8('NumGroups', AAG.length);
  if (reservedOctet) w.reserved('RSVD', 1);
  AAG.forEach((dB, i) => w.u8(`AAG[${i}]`, dB));
}

export const cmAttenProfileInd: PayloadCodec<CmAttenProfileInd> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmAttenProfileInd> {
    const PEV_MAC = r.mac('PEV_MAC');
    return { PEV_MAC, AAG: readGroups(r, true) };
  },
  write(w, m) {
    w.mac('PEV_MAC', m.PEV_MAC);
    writeGroups(w, m.AAG, true);
  },
};

export const cmAttenCharInd: PayloadCodec<CmAttenCharInd> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmAttenCharInd> {
    const identity = readIdentity(r);
    const NUM_SOUNDS = r.u8('NUM_SOUNDS');
    return { ...identity, NUM_SOUNDS, AAG: readGroups(r, false) };
  },
  write(w, m) {
    writeIdentity(w, m);
    w.u8('NUM_SOUNDS', m.NUM_SOUNDS);
    writeGroups(w, m.AAG, false);
  },
};

export const cmAttenCharRsp: PayloadCodec<CmAttenCharRsp> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmAttenCharRsp> {
    const identity = readIdentity(r);
    return { ...identity, Result: r.u8('Result') };
  },
  write(w, m) {
    writeIdentity(w, m);
    w.u8('Result', m.Result);
  },
};
