import { parseMac, type MacAddress } from '../../codecs/slac/index.js';

/** CM_SLAC_PARAM.REQ, CM_START_ATTEN_CHAR.IND and CM_MNBC_SOUND.IND go to every station on the line. */
export const BROADCAST_MAC: MacAddress = parseMac('ff:ff:ff:ff:ff:ff');

/**
 * The address by which a host reaches its own Qualcomm-family modem (CM_SET_KEY.REQ, vendor MMEs), as
 * open-plc-utils and EVerest send them. pyPLC sends CM_SET_KEY.REQ to broadcast, which works too; the software
 * modem accepts both.
 */
export const LOCAL_MODEM_MAC: MacAddress = parseMac('00:b0:52:00:00:01');

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
