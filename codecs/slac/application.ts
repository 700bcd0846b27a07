import type { FieldReader, FieldWriter } from './slac-fields.js';
import { hex } from './slac-frame.js';

/** APPLICATION_TYPE 0x00: PEV–EVSE matching, the only application ISO 15118-3 defines. */
export const APPLICATION_TYPE_PEV_EVSE_MATCHING = 0x00;
/** SECURITY_TYPE 0x00: no security, the value every known implementation sends. */
export const SECURITY_TYPE_NONE = 0x00;
/** SECURITY_TYPE 0x01: public-key signatures; only this value adds cipher-suite fields to CM_SLAC_PARAM. */
export const SECURITY_TYPE_PUBLIC_KEY = 0x01;

export const RUN_ID_LENGTH = 8;
/** The ID fields (SenderID, SOURCE_ID, RESP_ID, PEV ID, EVSE ID) are 17 octets; in practice all zero. */
export const ID_LENGTH = 17;

/** The two octets most SLAC messages start with. */
export interface ApplicationFields {
  readonly APPLICATION_TYPE: number;
  readonly SECURITY_TYPE: number;
}

export function readApplication(r: FieldReader): ApplicationFields {
  return { APPLICATION_TYPE: r.u8('APPLICATION_TYPE'), SECURITY_TYPE: r.u8('SECURITY_TYPE') };
}

export function writeApplication(w: FieldWriter, m: ApplicationFields): void {
  w.u8('APPLICATION_TYPE', m.APPLICATION_TYPE);
  w.u8('SECURITY_TYPE', m.SECURITY_TYPE);
}

/**
 * Where SECURITY_TYPE decides the layout (CM_SLAC_PARAM), a reserved value leaves the rest of the frame without a
 * meaning, so it is rejected there rather than guessed.
 */
export function withCipherSuites(SECURITY_TYPE: number, fail: (reason: string) => never): boolean {
  if (SECURITY_TYPE === SECURITY_TYPE_PUBLIC_KEY) return true;
  if (SECURITY_TYPE === SECURITY_TYPE_NONE) return false;
  return fail(`0x${hex(SECURITY_TYPE, 2)} is reserved; only 0x00 and 0x01 are defined`);
}
