/**
 * SLAC (ISO 15118-3) over HomePlug Green PHY: whole Ethernet frames of the management messages a charging station
 * or vehicle host exchanges with its modem and its peer, to and from typed objects. Pure: no sockets, no clock.
 */
import {
  cmAttenCharInd,
  cmAttenCharRsp,
  cmAttenProfileInd,
  type CmAttenCharInd,
  type CmAttenCharRsp,
  type CmAttenProfileInd,
} from './atten-char.js';
import { SlacFrameError } from './slac-errors.js';
import { FieldReader, FieldWriter } from './slac-fields.js';
import { FMI_OFFSET, MMTYPE_OFFSET, MMV_OFFSET, hex, readMmeHeader, writeMmeHeader } from './slac-frame.js';
import { cmSlacMatchCnf, cmSlacMatchReq, type CmSlacMatchCnf, type CmSlacMatchReq } from './match.js';
import type { PayloadCodec } from './slac-message.js';
import { type SlacMessageType, SLAC_MMTYPES, slacMessageTypeOf } from './mmtype.js';
import { cmSetKeyCnf, cmSetKeyReq, type CmSetKeyCnf, type CmSetKeyReq } from './set-key.js';
import { cmSlacParamCnf, cmSlacParamReq, type CmSlacParamCnf, type CmSlacParamReq } from './slac-param.js';
import { cmMnbcSoundInd, cmStartAttenCharInd, type CmMnbcSoundInd, type CmStartAttenCharInd } from './sound.js';
import { cmValidateCnf, cmValidateReq, type CmValidateCnf, type CmValidateReq } from './validate.js';
import { vsSwVerCnf, vsSwVerReq, type VsSwVerCnf, type VsSwVerReq } from './vendor-qualcomm.js';

export type SlacMessage =
  | CmSetKeyReq
  | CmSetKeyCnf
  | CmSlacParamReq
  | CmSlacParamCnf
  | CmStartAttenCharInd
  | CmMnbcSoundInd
  | CmAttenProfileInd
  | CmAttenCharInd
  | CmAttenCharRsp
  | CmValidateReq
  | CmValidateCnf
  | CmSlacMatchReq
  | CmSlacMatchCnf
  | VsSwVerReq
  | VsSwVerCnf;

type MessageOfType = { [M in SlacMessage as M['type']]: M };

const CODECS: { [T in SlacMessageType]: PayloadCodec<MessageOfType[T]> } = {
  'CM_SET_KEY.REQ': cmSetKeyReq,
  'CM_SET_KEY.CNF': cmSetKeyCnf,
  'CM_SLAC_PARAM.REQ': cmSlacParamReq,
  'CM_SLAC_PARAM.CNF': cmSlacParamCnf,
  'CM_START_ATTEN_CHAR.IND': cmStartAttenCharInd,
  'CM_MNBC_SOUND.IND': cmMnbcSoundInd,
  'CM_ATTEN_PROFILE.IND': cmAttenProfileInd,
  'CM_ATTEN_CHAR.IND': cmAttenCharInd,
  'CM_ATTEN_CHAR.RSP': cmAttenCharRsp,
  'CM_VALIDATE.REQ': cmValidateReq,
  'CM_VALIDATE.CNF': cmValidateCnf,
  'CM_SLAC_MATCH.REQ': cmSlacMatchReq,
  'CM_SLAC_MATCH.CNF': cmSlacMatchCnf,
  'VS_SW_VER.REQ': vsSwVerReq,
  'VS_SW_VER.CNF': vsSwVerCnf,
};

/**
 * Reads one Ethernet frame (without FCS). Bytes after the message are padding and ignored, whatever they hold: the
 * 60-byte minimum, open-plc-utils' 326-byte CM_ATTEN_CHAR.IND, a captured FCS. A frame this codec cannot read
 * raises a {@link SlacFrameError} naming the field and byte: too short for the message, not EtherType 0x88E1, an
 * MMTYPE outside the SLAC set, the wrong MMV for its message, fragmented, or a field out of its range.
 */
export function parseSlacFrame(frame: Uint8Array): SlacMessage {
  const header = readMmeHeader(frame);
  const type = slacMessageTypeOf(header.MMTYPE);
  if (type === undefined) {
    throw new SlacFrameError('MME header', 'MMTYPE', MMTYPE_OFFSET, `0x${hex(header.MMTYPE, 4)} is not a SLAC message`);
  }
  const codec = CODECS[type];
  if (header.MMV !== codec.MMV) {
    const reason = `0x${hex(header.MMV, 2)}, this message has MMV 0x${hex(codec.MMV, 2)}`;
    throw new SlacFrameError(type, 'MMV', MMV_OFFSET, reason);
  }
  if (header.FMI !== 0 && header.FMI !== undefined) {
    throw new SlacFrameError(type, 'FMI', FMI_OFFSET, `0x${hex(header.FMI, 4)}: fragmented MMEs are not reassembled`);
  }
  const payload = codec.read(new FieldReader(type, frame, header.payloadOffset));
  // The codec table pairs each type with the reader of that type's payload, which TypeScript cannot follow here.
  return { type, ODA: header.ODA, OSA: header.OSA, ...payload } as SlacMessage;
}

export interface SerializeOptions {
  /**
   * Zero-pad to the 60-byte Ethernet minimum, as modems require (open-plc-utils drops shorter MMEs). Default true;
   * false gives the message's own length, e.g. to compare with a capture whose padding is not zero.
   */
  readonly padding?: boolean;
}

/** Writes one Ethernet frame (without FCS); a field that does not fit its layout raises a {@link SlacFrameError}. */
export function serializeSlacFrame(message: SlacMessage, options: SerializeOptions = {}): Uint8Array {
  return encode(message.type, message, options.padding ?? true);
}

function encode<T extends SlacMessageType>(type: T, message: MessageOfType[T], padding: boolean): Uint8Array {
  const codec = CODECS[type];
  const w = new FieldWriter(type);
  writeMmeHeader(w, message.ODA, message.OSA, codec.MMV, SLAC_MMTYPES[type]);
  codec.write(w, message);
  return w.finish(padding);
}

export { SlacFrameError } from './slac-errors.js';
export { type MacAddress, MAC_ADDRESS_LENGTH, formatMac, parseMac } from './mac.js';
export { ETHERTYPE_HOMEPLUG_AV, type MmeHeader, readMmeHeader } from './slac-frame.js';
export { MIN_FRAME_LENGTH, MAX_FRAME_LENGTH } from './slac-fields.js';
export * from './mmtype.js';
export type { MmeAddressing } from './slac-message.js';
export {
  APPLICATION_TYPE_PEV_EVSE_MATCHING,
  SECURITY_TYPE_NONE,
  SECURITY_TYPE_PUBLIC_KEY,
  RUN_ID_LENGTH,
  ID_LENGTH,
  type ApplicationFields,
} from './application.js';
export { NID_LENGTH } from './nid.js';
export {
  NMK_LENGTH,
  type RandomSource,
  type SecurityLevel,
  cryptoRandom,
  generateNmk,
  nidFromNmk,
  nmkFromPassword,
} from './nmk.js';
export type {
  CmSetKeyReq,
  CmSetKeyCnf,
  CmSlacParamReq,
  CmSlacParamCnf,
  CmStartAttenCharInd,
  CmMnbcSoundInd,
  CmAttenProfileInd,
  CmAttenCharInd,
  CmAttenCharRsp,
  CmValidateReq,
  CmValidateCnf,
  CmSlacMatchReq,
  CmSlacMatchCnf,
  VsSwVerReq,
  VsSwVerCnf,
};
