/**
 * One hand-written frame per message, built field by field from the layout tables of ISO 15118-3 / HomePlug Green
 * PHY (absolute offsets in the comments), with the object the codec must read from it. Shared by the known-answer
 * and the malformed-frame tests.
 */
import { parseMac, type SlacMessage } from '../../codecs/slac/index.js';
import { hex, repeat } from '../shared/hex.js';

export const EV = parseMac('02:00:00:00:00:e1');
export const EVSE = parseMac('02:00:00:00:00:5e');
export const MODEM = parseMac('00:b0:52:00:00:01');
export const BROADCAST = parseMac('ff:ff:ff:ff:ff:ff');

const EV_HEX = '0200000000e1';
const EVSE_HEX = '02000000005e';
const RUN_ID = '0102030405060708';
const NID = 'b0f2e695666b03';
const NMK = '50d3e4933f855b7040784df815aa8db7';
const ZERO_ID = repeat('00', 17);
const AAG = Array.from({ length: 58 }, (_, i) => 0x14 + (i % 8));
const AAG_HEX = AAG.map((v) => v.toString(16).padStart(2, '0')).join('');

export interface KnownAnswer {
  readonly name: string;
  /** The message's own bytes, without Ethernet padding. */
  readonly frame: Uint8Array;
  readonly message: SlacMessage;
}

export const KNOWN_ANSWERS: readonly KnownAnswer[] = [
  {
    name: 'CM_SET_KEY.REQ to the local modem, PRN little-endian',
    frame: hex(
      '00b052000001', EV_HEX, '88e1', '01', '0860', '0000', // 0 ODA, 6 OSA, 12 EtherType, 14 MMV, 15 MMTYPE, 17 FMI
      // 19 KeyType, 20 MyNonce, 24 YourNonce, 28 PID, 29 PRN, 31 PMN, 32 CCo capability
      '01', 'aaaaaaaa', '00000000', '04', '3412', '00', '00',
      NID, '01', NMK, // 33 NID, 40 NewEKS, 41 NewKey
    ),
    message: {
      type: 'CM_SET_KEY.REQ', ODA: MODEM, OSA: EV,
      KeyType: 1, MyNonce: hex('aaaaaaaa'), YourNonce: hex('00000000'), PID: 4, PRN: 0x1234, PMN: 0, CCoCapability: 0,
      NID: hex(NID), NewEKS: 1, NewKey: hex(NMK),
    },
  },
  {
    name: 'CM_SET_KEY.CNF with the QCA "accepted" result 1',
    frame: hex(
      EV_HEX, '00b052000001', '88e1', '01', '0960', '0000',
      // 19 Result, 20 MyNonce, 24 YourNonce, 28 PID, 29 PRN, 31 PMN, 32 CCo capability
      '01', '5d9e8396', 'aaaaaaaa', '04', '3412', 'ff', '00',
    ),
    message: {
      type: 'CM_SET_KEY.CNF', ODA: EV, OSA: MODEM,
      Result: 1, MyNonce: hex('5d9e8396'), YourNonce: hex('aaaaaaaa'), PID: 4, PRN: 0x1234, PMN: 0xff, CCoCapability: 0,
    },
  },
  {
    name: 'CM_SLAC_PARAM.REQ without security ends after RunID',
    frame: hex('ffffffffffff', EV_HEX, '88e1', '01', '6460', '0000', '00', '00', RUN_ID), // 19 APP, 20 SEC, 21 RunID
    message: {
      type: 'CM_SLAC_PARAM.REQ', ODA: BROADCAST, OSA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, RunID: hex(RUN_ID), CipherSuite: [],
    },
  },
  {
    name: 'CM_SLAC_PARAM.REQ with SECURITY_TYPE 1 lists its cipher suites (LE16)',
    frame: hex(
      'ffffffffffff', EV_HEX, '88e1', '01', '6460', '0000',
      '00', '01', RUN_ID, '02', '0100', '0201', // 29 CipherSuiteSetSize, 30 CipherSuite[0], 32 CipherSuite[1]
    ),
    message: {
      type: 'CM_SLAC_PARAM.REQ', ODA: BROADCAST, OSA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 1, RunID: hex(RUN_ID), CipherSuite: [0x0001, 0x0102],
    },
  },
  {
    name: 'CM_SLAC_PARAM.CNF',
    frame: hex(
      EV_HEX, EVSE_HEX, '88e1', '01', '6560', '0000',
      // 19 M-SOUND_TARGET, 25 NUM_SOUNDS, 26 TIME_OUT, 27 RESP_TYPE, 28 FORWARDING_STA
      'ffffffffffff', '0a', '06', '01', EV_HEX,
      '00', '00', RUN_ID, // 34 APP, 35 SEC, 36 RunID
    ),
    message: {
      type: 'CM_SLAC_PARAM.CNF', ODA: EV, OSA: EVSE,
      M_SOUND_TARGET: BROADCAST, NUM_SOUNDS: 10, TIME_OUT: 6, RESP_TYPE: 1, FORWARDING_STA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, RunID: hex(RUN_ID),
    },
  },
  {
    name: 'CM_SLAC_PARAM.CNF with SECURITY_TYPE 1 names the chosen cipher suite',
    frame: hex(
      EV_HEX, EVSE_HEX, '88e1', '01', '6560', '0000',
      'ffffffffffff', '0a', '06', '01', EV_HEX, '00', '01', RUN_ID, '0201', // 44 CipherSuite
    ),
    message: {
      type: 'CM_SLAC_PARAM.CNF', ODA: EV, OSA: EVSE,
      M_SOUND_TARGET: BROADCAST, NUM_SOUNDS: 10, TIME_OUT: 6, RESP_TYPE: 1, FORWARDING_STA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 1, RunID: hex(RUN_ID), CipherSuite: 0x0102,
    },
  },
  {
    name: 'CM_START_ATTEN_CHAR.IND',
    frame: hex(
      'ffffffffffff', EV_HEX, '88e1', '01', '6a60', '0000',
      // 19 APP, 20 SEC, 21 NUM_SOUNDS, 22 TIME_OUT, 23 RESP_TYPE, 24 FORWARDING_STA, 30 RunID
      '00', '00', '0a', '06', '01', EV_HEX, RUN_ID,
    ),
    message: {
      type: 'CM_START_ATTEN_CHAR.IND', ODA: BROADCAST, OSA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, NUM_SOUNDS: 10, TIME_OUT: 6, RESP_TYPE: 1, FORWARDING_STA: EV,
      RunID: hex(RUN_ID),
    },
  },
  {
    name: 'CM_MNBC_SOUND.IND: RunID in a 16-octet field',
    frame: hex(
      'ffffffffffff', EV_HEX, '88e1', '01', '7660', '0000',
      '00', '00', repeat('aa', 17), '09', RUN_ID, repeat('00', 8), // 21 SenderID, 38 CNT, 39 RunID, 47 reserved
      '000102030405060708090a0b0c0d0e0f', // 55 RND
    ),
    message: {
      type: 'CM_MNBC_SOUND.IND', ODA: BROADCAST, OSA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, SenderID: hex(repeat('aa', 17)), CNT: 9, RunID: hex(RUN_ID),
      RND: hex('000102030405060708090a0b0c0d0e0f'),
    },
  },
  {
    name: 'CM_ATTEN_PROFILE.IND with 58 groups',
    frame: hex(
      'ffffffffffff', '00b052000001', '88e1', '01', '8660', '0000',
      EV_HEX, '3a', '00', AAG_HEX, // 19 PEV MAC, 25 NumGroups, 26 reserved, 27 AAG[58]
    ),
    message: { type: 'CM_ATTEN_PROFILE.IND', ODA: BROADCAST, OSA: MODEM, PEV_MAC: EV, AAG },
  },
  {
    name: 'CM_ATTEN_PROFILE.IND with no groups (as the Model Y capture\'s EVSE modem sends it)',
    frame: hex('ffffffffffff', '00b052000001', '88e1', '01', '8660', '0000', EV_HEX, '00', '00'),
    message: { type: 'CM_ATTEN_PROFILE.IND', ODA: BROADCAST, OSA: MODEM, PEV_MAC: EV, AAG: [] },
  },
  {
    name: 'CM_ATTEN_CHAR.IND',
    frame: hex(
      EV_HEX, EVSE_HEX, '88e1', '01', '6e60', '0000',
      '00', '00', EV_HEX, RUN_ID, ZERO_ID, ZERO_ID, // 21 SOURCE_ADDRESS, 27 RunID, 35 SOURCE_ID, 52 RESP_ID
      '0a', '3a', AAG_HEX, // 69 NUM_SOUNDS, 70 NumGroups, 71 AAG[58]
    ),
    message: {
      type: 'CM_ATTEN_CHAR.IND', ODA: EV, OSA: EVSE,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, SOURCE_ADDRESS: EV, RunID: hex(RUN_ID),
      SOURCE_ID: hex(ZERO_ID), RESP_ID: hex(ZERO_ID), NUM_SOUNDS: 10, AAG,
    },
  },
  {
    name: 'CM_ATTEN_CHAR.RSP',
    frame: hex(
      EVSE_HEX, EV_HEX, '88e1', '01', '6f60', '0000',
      // 21 SOURCE_ADDRESS, 27 RunID, 35 SOURCE_ID, 52 RESP_ID, 69 Result
      '00', '00', EV_HEX, RUN_ID, ZERO_ID, ZERO_ID, '00',
    ),
    message: {
      type: 'CM_ATTEN_CHAR.RSP', ODA: EVSE, OSA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, SOURCE_ADDRESS: EV, RunID: hex(RUN_ID),
      SOURCE_ID: hex(ZERO_ID), RESP_ID: hex(ZERO_ID), Result: 0,
    },
  },
  {
    name: 'CM_VALIDATE.REQ',
    frame: hex(EVSE_HEX, EV_HEX, '88e1', '01', '7860', '0000', '00', '05', '01'), // 19 SignalType, 20 Timer, 21 Result
    message: { type: 'CM_VALIDATE.REQ', ODA: EVSE, OSA: EV, SignalType: 0, Timer: 5, Result: 1 },
  },
  {
    name: 'CM_VALIDATE.CNF',
    // 19 SignalType, 20 ToggleNum, 21 Result
    frame: hex(EV_HEX, EVSE_HEX, '88e1', '01', '7960', '0000', '00', '03', '02'),
    message: { type: 'CM_VALIDATE.CNF', ODA: EV, OSA: EVSE, SignalType: 0, ToggleNum: 3, Result: 2 },
  },
  {
    name: 'CM_SLAC_MATCH.REQ: MVFLength 0x3E',
    frame: hex(
      EVSE_HEX, EV_HEX, '88e1', '01', '7c60', '0000',
      // 21 MVFLength, 23 PEV ID, 40 PEV MAC, 46 EVSE ID, 63 EVSE MAC
      '00', '00', '3e00', ZERO_ID, EV_HEX, ZERO_ID, EVSE_HEX,
      RUN_ID, repeat('00', 8), // 69 RunID, 77 reserved
    ),
    message: {
      type: 'CM_SLAC_MATCH.REQ', ODA: EVSE, OSA: EV,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, PEV_ID: hex(ZERO_ID), PEV_MAC: EV, EVSE_ID: hex(ZERO_ID), EVSE_MAC: EVSE,
      RunID: hex(RUN_ID),
    },
  },
  {
    name: 'CM_SLAC_MATCH.CNF: MVFLength 0x56, NID and NMK',
    frame: hex(
      EV_HEX, EVSE_HEX, '88e1', '01', '7d60', '0000',
      '00', '00', '5600', ZERO_ID, EV_HEX, ZERO_ID, EVSE_HEX, RUN_ID, repeat('00', 8),
      NID, '00', NMK, // 85 NID, 92 reserved, 93 NMK
    ),
    message: {
      type: 'CM_SLAC_MATCH.CNF', ODA: EV, OSA: EVSE,
      APPLICATION_TYPE: 0, SECURITY_TYPE: 0, PEV_ID: hex(ZERO_ID), PEV_MAC: EV, EVSE_ID: hex(ZERO_ID), EVSE_MAC: EVSE,
      RunID: hex(RUN_ID), NID: hex(NID), NMK: hex(NMK),
    },
  },
  {
    name: 'VS_SW_VER.REQ: MMV 0, no FMI, Qualcomm OUI',
    frame: hex('ffffffffffff', EV_HEX, '88e1', '00', '00a0', '00b052'), // 14 MMV, 15 MMTYPE, 17 OUI
    message: { type: 'VS_SW_VER.REQ', ODA: BROADCAST, OSA: EV },
  },
  {
    name: 'VS_SW_VER.CNF',
    frame: hex(
      EV_HEX, '00b052000001', '88e1', '00', '01a0', '00b052',
      // 20 MSTATUS, 21 MDEVICEID, 22 MVERLENGTH, 23 MVERSION[254]: "MAC-QA7-1" and its NUL, then zeros
      '00', '22', '0a', '4d41432d5141372d3100', repeat('00', 244),
      'dc581b00', // 277 IDENT
    ),
    message: {
      type: 'VS_SW_VER.CNF', ODA: EV, OSA: MODEM, MSTATUS: 0, MDEVICEID: 0x22, MVERSION: 'MAC-QA7-1', IDENT: 0x001b58dc,
    },
  },
];
