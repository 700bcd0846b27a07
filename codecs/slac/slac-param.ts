import {
  type ApplicationFields,
  RUN_ID_LENGTH,
  readApplication,
  withCipherSuites,
  writeApplication,
} from './application.js';
import type { MacAddress } from './mac.js';
import type { MmeAddressing, PayloadCodec, PayloadOf } from './slac-message.js';
import { MMV_HOMEPLUG_AV_1_1 } from './mmtype.js';

/** EV → broadcast: starts a matching run. */
export interface CmSlacParamReq extends MmeAddressing<'CM_SLAC_PARAM.REQ'>, ApplicationFields {
  /** Chosen by the EV and echoed in every later message of the run. */
  readonly RunID: Uint8Array;
  /**
   * The cipher suites offered (LE16 each). The fields exist only with SECURITY_TYPE 0x01, so with 0x00 this is
   * empty and the message ends after RunID (EVerest sends exactly that; open-plc-utils' loop counter behind it is
   * padding).
   */
  readonly CipherSuite: readonly number[];
}

/** EVSE → EV (unicast): the sounding parameters. */
export interface CmSlacParamCnf extends MmeAddressing<'CM_SLAC_PARAM.CNF'>, ApplicationFields {
  readonly M_SOUND_TARGET: MacAddress;
  readonly NUM_SOUNDS: number;
  /** In units of 100 ms. */
  readonly TIME_OUT: number;
  readonly RESP_TYPE: number;
  readonly FORWARDING_STA: MacAddress;
  readonly RunID: Uint8Array;
  /** The chosen cipher suite; present exactly when SECURITY_TYPE is 0x01. */
  readonly CipherSuite?: number;
}

export const cmSlacParamReq: PayloadCodec<CmSlacParamReq> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmSlacParamReq> {
    const securityAt = r.offset + 1;
    const application = readApplication(r);
    const RunID = r.bytes('RunID', RUN_ID_LENGTH);
    const CipherSuite: number[] = [];
    if (withCipherSuites(application.SECURITY_TYPE, (why) => r.fail('SECURITY_TYPE', why, securityAt))) {
      const sizeAt = r.offset;
      const size = r.u8('CipherSuiteSetSize');
      r.expect('CipherSuiteSetSize', sizeAt, 2 * size);
      for (let i = 0; i < size; i++) CipherSuite.push(r.u16le(`CipherSuite[${i}]`));
    }
    return { ...application, RunID, CipherSuite };
  },
  write(w, m) {
    const securityAt = w.offset + 1;
    const ciphers = withCipherSuites(m.SECURITY_TYPE, (why) => w.fail('SECURITY_TYPE', why, securityAt));
    writeApplication(w, m);
    w.bytes('RunID', m.RunID, RUN_ID_LENGTH);
    if (ciphers) {
      w.u8('CipherSuiteSetSize', m.CipherSuite.length);
      m.CipherSuite.forEach((suite, i) => w.u16le(`CipherSuite[${i}]`, suite));
    } else if (m.CipherSuite.length > 0) {
      w.fail('CipherSuite', 'cipher suites are only sent with SECURITY_TYPE 0x01');
    }
  },
};

export const cmSlacParamCnf: PayloadCodec<CmSlacParamCnf> = {
  MMV: MMV_HOMEPLUG_AV_1_1,
  read(r): PayloadOf<CmSlacParamCnf> {
    const M_SOUND_TARGET = r.mac('M_SOUND_TARGET');
    const NUM_SOUNDS = r.u8('NUM_SOUNDS');
    const TIME_OUT = r.u8('TIME_OUT');
    const RESP_TYPE = r.u8('RESP_TYPE');
    const FORWARDING_STA = r.mac('FORWARDING_STA');
    const securityAt = r.offset + 1;
    const application = readApplication(r);
    const RunID = r.bytes('RunID', RUN_ID_LENGTH);
    const fields = { M_SOUND_TARGET, NUM_SOUNDS, TIME_OUT, RESP_TYPE, FORWARDING_STA, ...application, RunID };
    if (withCipherSuites(application.SECURITY_TYPE, (why) => r.fail('SECURITY_TYPE', why, securityAt))) {
      return { ...fields, CipherSuite: r.u16le('CipherSuite') };
    }
    return fields;
  },
  write(w, m) {
    w.mac('M_SOUND_TARGET', m.M_SOUND_TARGET);
    w.u8('NUM_SOUNDS', m.NUM_SOUNDS);
    w.u8('TIME_OUT', m.TIME_OUT);
    w.u8('RESP_TYPE', m.RESP_TYPE);
    w.mac('FORWARDING_STA', m.FORWARDING_STA);
    const securityAt = w.offset + 1;
    const ciphers = withCipherSuites(m.SECURITY_TYPE, (why) => w.fail('SECURITY_TYPE', why, securityAt));
    writeApplication(w, m);
    w.bytes('RunID', m.RunID, RUN_ID_LENGTH);
    if (ciphers) {
      const chosen = m.CipherSuite ?? w.fail('CipherSuite', 'SECURITY_TYPE 0x01 needs the chosen cipher suite');
      w.u16le('CipherSuite', chosen);
    } else if (m.CipherSuite !== undefined) {
      w.fail('CipherSuite', 'a cipher suite is only sent with SECURITY_TYPE 0x01');
    }
  },
};
