/** Field values both roles write the same way. */
import { APPLICATION_TYPE_PEV_EVSE_MATCHING, ID_LENGTH, SECURITY_TYPE_NONE } from '../../codecs/slac/index.js';

/** PEV–EVSE matching without security: the only combination any known implementation sends or accepts. */
export const APPLICATION = { APPLICATION_TYPE: APPLICATION_TYPE_PEV_EVSE_MATCHING, SECURITY_TYPE: SECURITY_TYPE_NONE } as const;

/** RESP_TYPE 0x01: the attenuation results go to "another GP station", the EVSE host (ISO 15118-3; not QCA's 0). */
export const RESP_TYPE_OTHER_GP_STATION = 0x01;

/** SenderID, SOURCE_ID, RESP_ID, PEV ID and EVSE ID are zero in practice; EVerest's EVSE rejects others in an RSP. */
export const ZERO_ID = new Uint8Array(ID_LENGTH);
