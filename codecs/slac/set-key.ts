import type { FieldReader, FieldWriter } from './slac-fields.js';
import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_1 } from './mmtype.js';
import { readNid, writeNid } from './nid.js';
import { NMK_LENGTH } from './nmk.js';

const NONCE_LENGTH = 4;

/**
 * Host → its own modem: join the network of this NMK/NID. For SLAC: KeyType 0x01 (NMK), PID 0x04 (HLE protocol),
 * PRN, PMN and CCoCapability 0, NewEKS 0x01, NewKey the NMK (the values ISO 15118-3 uses).
 */
export interface CmSetKeyReq extends MmeAddressing<'CM_SET_KEY.REQ'> {
  readonly KeyType: number;
  /** Opaque 4 octets, echoed by the modem in YourNonce. */
  readonly MyNonce: Uint8Array;
  readonly YourNonce: Uint8Array;
  readonly PID: number;
  readonly PRN: number;
  readonly PMN: number;
  readonly CCoCapability: number;
  readonly NID: Uint8Array;
  readonly NewEKS: number;
  readonly NewKey: Uint8Array;
}

/**
 * Modem → host. Result: the HomePlug specification says 0 = success, yet QCA modems answer 1 when they accept the
 * key (and then restart); the codec reports the number and leaves the judgement to the caller.
 */
export interface CmSetKeyCnf extends MmeAddressing<'CM_SET_KEY.CNF'> {
  readonly Result: number;
  readonly MyNonce: Uint8Array;
  readonly YourNonce: Uint8Array;
  readonly PID: number;
  readonly PRN: number;
  readonly PMN: number;
  readonly CCoCapability: number;
}

type ProtocolRun = Pick<CmSetKeyCnf, 'MyNonce' | 'YourNonce' | 'PID' | 'PRN' | 'PMN' | 'CCoCapability'>;

function readProtocolRun(r: FieldReader): ProtocolRun {
  return {
    MyNonce: r.bytes('MyNonce', NONCE_LENGTH),
    YourNonce: r.bytes('YourNonce', NONCE_LENGTH),
    PID: r.u8('PID'),
    PRN: r.u16le('PRN'),
    PMN: r.u8('PMN'),
    CCoCapability: r.u8('CCoCapability'),
  };
}

function writeProtocolRun(w: FieldWriter, m: ProtocolRun): void {
  w.bytes('MyNonce', m.MyNonce, NONCE_LENGTH);
  w.bytes('YourNonce', m.YourNonce, NONCE_LENGTH);
  w.u8('PID', m.PID);
  w.u16le('PRN', m.PRN);
  w.u8('PMN', m.PMN);
  w.u8('CCoCapability', m.CCoCapability);
}

export const cmSetKeyReq: PayloadCodec<CmSetKeyReq> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmSetKeyReq> {
    const KeyType = r.u8('KeyType');
    const run = readProtocolRun(r);
    const NID = readNid(r);
    return { KeyType, ...run, NID, NewEKS: r.u8('NewEKS'), NewKey: r.bytes('NewKey', NMK_LENGTH) };
  },
  write(w, m) {
    w.u8('KeyType', m.KeyType);
    writeProtocolRun(w, m);
    writeNid(w, m.NID);
    w.u8('NewEKS', m.NewEKS);
    w.bytes('NewKey', m.NewKey, NMK_LENGTH);
  },
};

export const cmSetKeyCnf: PayloadCodec<CmSetKeyCnf> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmSetKeyCnf> {
    const Result = r.u8('Result');
    return { Result, ...readProtocolRun(r) };
  },
  write(w, m) {
    w.u8('Result', m.Result);
    writeProtocolRun(w, m);
  },
};
