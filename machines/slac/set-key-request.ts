import type { CmSetKeyReq, MacAddress } from '../../codecs/slac/index.js';
import { LOCAL_MODEM_MAC } from './addresses.js';
import type { SlacEmitted } from './slac-events.js';

/** KeyType 0x01: the key is an NMK. */
const KEY_TYPE_NMK = 0x01;
/** PID 0x04: the key is set by the higher-layer entity (the host), as ISO 15118-3 uses it. */
const PID_HLE = 0x04;
/** NewEKS 0x01: the new key is the NMK. */
const NEW_EKS_NMK = 0x01;

/**
 * The host's request to its own modem to join the network of `nmk`/`nid`. MyNonce is 0, the value pyslac reports
 * ISO 15118-3 wants (open-plc-utils sends AA AA AA AA; modems only echo it).
 */
export function setKey(host: MacAddress, nmk: Uint8Array, nid: Uint8Array): Extract<SlacEmitted, { type: 'slac.setKey' }> {
  const frame: CmSetKeyReq = {
    type: 'CM_SET_KEY.REQ',
    ODA: LOCAL_MODEM_MAC,
    OSA: host,
    KeyType: KEY_TYPE_NMK,
    MyNonce: new Uint8Array(4),
    YourNonce: new Uint8Array(4),
    PID: PID_HLE,
    PRN: 0,
    PMN: 0,
    CCoCapability: 0,
    NID: nid,
    NewEKS: NEW_EKS_NMK,
    NewKey: nmk,
  };
  return { type: 'slac.setKey', nmk, nid, frame, destination: LOCAL_MODEM_MAC };
}

/** The `slac.send` event for a frame: its destination is its ODA. */
export function send(frame: Extract<SlacEmitted, { type: 'slac.send' }>['frame']): Extract<SlacEmitted, { type: 'slac.send' }> {
  return { type: 'slac.send', frame, destination: frame.ODA };
}
