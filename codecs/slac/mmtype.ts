/**
 * Management message types (MMTYPE) of the messages this codec reads, with the names of HomePlug AV 1.1 / Green PHY
 * (station-to-station CM_* messages, 0x6000–0x7FFF) and of the Qualcomm vendor range (VS_*, 0xA000–0xBFFF).
 * CM_ATTEN_PROFILE is a Green PHY addition that open-plc-utils' `mme/homeplug.h` lacks; its code is the one the EVSE
 * modems in our captures send.
 */

export const CM_SET_KEY = 0x6008;
export const CM_SLAC_PARAM = 0x6064;
export const CM_START_ATTEN_CHAR = 0x6068;
export const CM_ATTEN_CHAR = 0x606c;
export const CM_MNBC_SOUND = 0x6074;
export const CM_VALIDATE = 0x6078;
export const CM_SLAC_MATCH = 0x607c;
export const CM_ATTEN_PROFILE = 0x6084;
export const VS_SW_VER = 0xa000;

/** The two low bits of MMTYPE give the variant of a message. */
export const MMTYPE_REQ = 0b00;
export const MMTYPE_CNF = 0b01;
export const MMTYPE_IND = 0b10;
export const MMTYPE_RSP = 0b11;

/** MMV: HomePlug AV 1.0 frames (the Qualcomm vendor MMEs) carry no fragmentation field; 1.1 (every CM_*) does. */
export const MMV_HOMEPLUG_AV_1_0 = 0x00;
export const MMV_HOMEPLUG_AV_1_1 = 0x01;

export const SLAC_MMTYPES = {
  'CM_SET_KEY.REQ': CM_SET_KEY | MMTYPE_REQ,
  'CM_SET_KEY.CNF': CM_SET_KEY | MMTYPE_CNF,
  'CM_SLAC_PARAM.REQ': CM_SLAC_PARAM | MMTYPE_REQ,
  'CM_SLAC_PARAM.CNF': CM_SLAC_PARAM | MMTYPE_CNF,
  'CM_START_ATTEN_CHAR.IND': CM_START_ATTEN_CHAR | MMTYPE_IND,
  'CM_MNBC_SOUND.IND': CM_MNBC_SOUND | MMTYPE_IND,
  'CM_ATTEN_PROFILE.IND': CM_ATTEN_PROFILE | MMTYPE_IND,
  'CM_ATTEN_CHAR.IND': CM_ATTEN_CHAR | MMTYPE_IND,
  'CM_ATTEN_CHAR.RSP': CM_ATTEN_CHAR | MMTYPE_RSP,
  'CM_VALIDATE.REQ': CM_VALIDATE | MMTYPE_REQ,
  'CM_VALIDATE.CNF': CM_VALIDATE | MMTYPE_CNF,
  'CM_SLAC_MATCH.REQ': CM_SLAC_MATCH | MMTYPE_REQ,
  'CM_SLAC_MATCH.CNF': CM_SLAC_MATCH | MMTYPE_CNF,
  'VS_SW_VER.REQ': VS_SW_VER | MMTYPE_REQ,
  'VS_SW_VER.CNF': VS_SW_VER | MMTYPE_CNF,
} as const;

export type SlacMessageType = keyof typeof SLAC_MMTYPES;

const BY_MMTYPE = new Map<number, SlacMessageType>(
  Object.entries(SLAC_MMTYPES).map(([name, mmtype]) => [mmtype, name as SlacMessageType]),
);

/** The message a MMTYPE denotes, or undefined when this codec does not know it. */
export function slacMessageTypeOf(mmtype: number): SlacMessageType | undefined {
  return BY_MMTYPE.get(mmtype);
}
