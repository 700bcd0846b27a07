import { FieldReader, type FieldWriter } from './slac-fields.js';
import type { MacAddress } from './mac.js';
import { MMV_HOMEPLUG_AV_1_0 } from './mmtype.js';

/** EtherType of HomePlug AV / Green PHY management messages, sent big-endian like every EtherType. */
export const ETHERTYPE_HOMEPLUG_AV = 0x88e1;

export const ETHERTYPE_OFFSET = 12;
export const MMV_OFFSET = 14;
export const MMTYPE_OFFSET = 15;
export const FMI_OFFSET = 17;

/**
 * The Ethernet and management header every MME starts with (the HomePlug AV MME format: ODA, OSA, MTYPE, MMV,
 * MMTYPE, FMI). ODA and OSA are the original destination and source addresses, i.e. the Ethernet MACs. HomePlug AV
 * allows an optional 802.1Q VLAN tag before MTYPE; no SLAC implementation sends one, and such a frame is rejected at
 * its EtherType.
 */
export interface MmeHeader {
  readonly ODA: MacAddress;
  readonly OSA: MacAddress;
  readonly MMV: number;
  /** Sent little-endian: 0x6064 is on the wire as `64 60`. */
  readonly MMTYPE: number;
  /**
   * The two fragmentation octets (NF_MI/FN_MI, then FMSN) read as one big-endian number; 0 for an unfragmented
   * message. Undefined for MMV 0 (HomePlug AV 1.0), whose header has no FMI.
   */
  readonly FMI: number | undefined;
  /** Where the payload starts: 17 without FMI, 19 with it. */
  readonly payloadOffset: number;
}

/**
 * Reads the header of any MME, including those the message codec does not know, so a capture decoder can still
 * name their MMTYPE.
 */
export function readMmeHeader(frame: Uint8Array): MmeHeader {
  const r = new FieldReader('MME header', frame, 0);
  const ODA = r.mac('ODA');
  const OSA = r.mac('OSA');
  const etherType = r.u16be('EtherType');
  if (etherType !== ETHERTYPE_HOMEPLUG_AV) {
    const reason = `0x${hex(etherType, 4)} is not HomePlug AV (0x${hex(ETHERTYPE_HOMEPLUG_AV, 4)})`;
    r.fail('EtherType', reason, ETHERTYPE_OFFSET);
  }
  const MMV = r.u8('MMV');
  const MMTYPE = r.u16le('MMTYPE');
  const FMI = MMV === MMV_HOMEPLUG_AV_1_0 ? undefined : r.u16be('FMI');
  return { ODA, OSA, MMV, MMTYPE, FMI, payloadOffset: r.offset };
}

/** Writes the header of an unfragmented MME. */
export function writeMmeHeader(w: FieldWriter, ODA: MacAddress, OSA: MacAddress, MMV: number, MMTYPE: number): void {
  w.mac('ODA', ODA);
  w.mac('OSA', OSA);
  w.u16be('EtherType', ETHERTYPE_HOMEPLUG_AV);
  w.u8('MMV', MMV);
  w.u16le('MMTYPE', MMTYPE);
  if (MMV !== MMV_HOMEPLUG_AV_1_0) w.u16be('FMI', 0);
}

export function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}
