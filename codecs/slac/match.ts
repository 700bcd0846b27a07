import {
  type ApplicationFields,
  ID_LENGTH,
  RUN_ID_LENGTH,
  readApplication,
  writeApplication,
} from './application.js';
import type { FieldReader, FieldWriter } from './slac-fields.js';
import { MAC_ADDRESS_LENGTH, type MacAddress } from './mac.js';
import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_1 } from './mmtype.js';
import { NID_LENGTH, readNid, writeNid } from './nid.js';
import { NMK_LENGTH } from './nmk.js';

/** EV → EVSE (unicast): "this is the EVSE I choose". */
export interface CmSlacMatchReq extends MmeAddressing<'CM_SLAC_MATCH.REQ'>, MatchVariableField {}

/** EVSE → EV: the key and identifier of the EVSE's network, which the EV then hands to its modem. */
export interface CmSlacMatchCnf extends MmeAddressing<'CM_SLAC_MATCH.CNF'>, MatchVariableField {
  readonly NID: Uint8Array;
  readonly NMK: Uint8Array;
}

interface MatchVariableField extends ApplicationFields {
  readonly PEV_ID: Uint8Array;
  readonly PEV_MAC: MacAddress;
  readonly EVSE_ID: Uint8Array;
  readonly EVSE_MAC: MacAddress;
  readonly RunID: Uint8Array;
}

/** PEV ID, PEV MAC, EVSE ID, EVSE MAC, RunID and its 8 reserved octets: 62 octets (0x3E). */
const MATCH_REQ_MVF_LENGTH = 2 * ID_LENGTH + 2 * MAC_ADDRESS_LENGTH + 2 * RUN_ID_LENGTH;
/** The same, then NID, a reserved octet and NMK: 86 octets (0x56). */
const MATCH_CNF_MVF_LENGTH = MATCH_REQ_MVF_LENGTH + NID_LENGTH + 1 + NMK_LENGTH;

/**
 * MVFLength counts the octets after it. Both messages have one fixed layout, so any other value means a sender
 * with a different idea of the message; EVerest rejects such a CM_SLAC_MATCH.REQ too (TC_SECC_CMN_VTB_CmSlacMatch).
 */
function readVariableField(r: FieldReader, MVFLength: number): MatchVariableField {
  const application = readApplication(r);
  const lengthAt = r.offset;
  const announced = r.u16le('MVFLength');
  if (announced !== MVFLength) {
    r.fail('MVFLength', `is ${announced}, this message's variable field is ${MVFLength} octets`, lengthAt);
  }
  const fields = {
    ...application,
    PEV_ID: r.bytes('PEV_ID', ID_LENGTH),
    PEV_MAC: r.mac('PEV_MAC'),
    EVSE_ID: r.bytes('EVSE_ID', ID_LENGTH),
    EVSE_MAC: r.mac('EVSE_MAC'),
    RunID: r.bytes('RunID', RUN_ID_LENGTH),
  };
  r.reserved('RSVD', RUN_ID_LENGTH);
  return fields;
}

function writeVariableField(w: FieldWriter, m: MatchVariableField, MVFLength: number): void {
  writeApplication(w, m);
  w.u16le('MVFLength', MVFLength);
  w.bytes('PEV_ID', m.PEV_ID, ID_LENGTH);
  w.mac('PEV_MAC', m.PEV_MAC);
  w.bytes('EVSE_ID', m.EVSE_ID, ID_LENGTH);
  w.mac('EVSE_MAC', m.EVSE_MAC);
  w.bytes('RunID', m.RunID, RUN_ID_LENGTH);
  w.reserved('RSVD', RUN_ID_LENGTH);
}

export const cmSlacMatchReq: PayloadCodec<CmSlacMatchReq> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read: (r) => readVariableField(r, MATCH_REQ_MVF_LENGTH),
  write: (w, m) => writeVariableField(w, m, MATCH_REQ_MVF_LENGTH),
};

export const cmSlacMatchCnf: PayloadCodec<CmSlacMatchCnf> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmSlacMatchCnf> {
    const fields = readVariableField(r, MATCH_CNF_MVF_LENGTH);
    const NID = readNid(r);
    r.reserved('RSVD', 1);
    return { ...fields, NID, NMK: r.bytes('NMK', NMK_LENGTH) };
  },
  write(w, m) {
    writeVariableField(w, m, MATCH_CNF_MVF_LENGTH);
    writeNid(w, m.NID);
    w.reserved('RSVD', 1);
    w.bytes('NMK', m.NMK, NMK_LENGTH);
  },
};
