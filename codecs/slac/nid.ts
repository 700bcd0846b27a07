import type { FieldReader, FieldWriter } from './slac-fields.js';

export const NID_LENGTH = 7;

/**
 * A NID is 54 bits in 7 octets: "the two MSBs shall be set to 0b00" (HomePlug AV 2.1 Table 11-88, CM_SET_KEY.REQ,
 * as quoted in pyPLC's `composeSetKey`). A frame that sets them carries no valid NID.
 */
export function readNid(r: FieldReader): Uint8Array {
  const at = r.offset;
  const NID = r.bytes('NID', NID_LENGTH);
  if (NID[NID_LENGTH - 1] & 0xc0) r.fail('NID', 'the two most significant bits of a 54-bit NID must be 0', at);
  return NID;
}

export function writeNid(w: FieldWriter, NID: Uint8Array): void {
  if (NID.length === NID_LENGTH && NID[NID_LENGTH - 1] & 0xc0) {
    w.fail('NID', 'the two most significant bits of a 54-bit NID must be 0');
  }
  w.bytes('NID', NID, NID_LENGTH);
}
