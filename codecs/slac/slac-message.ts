import type { FieldReader, FieldWriter } from './slac-fields.js';
import type { MacAddress } from './mac.js';
import type { SlacMessageType } from './mmtype.js';

/**
 * What every message object carries besides its payload: its `type` (the discriminant) and the Ethernet addresses.
 * MMV and FMI are not part of the object: each message has exactly one MMV, and the codec neither writes nor accepts
 * fragmented MMEs (every SLAC message fits in one frame).
 */
export interface MmeAddressing<T extends SlacMessageType> {
  readonly type: T;
  /** Destination MAC (original destination address). */
  readonly ODA: MacAddress;
  /** Source MAC (original source address). */
  readonly OSA: MacAddress;
}

export type PayloadOf<M> = Omit<M, keyof MmeAddressing<SlacMessageType>>;

/**
 * Reads and writes the payload of one message type. Count and length fields (CipherSuiteSetSize, NumGroups,
 * MVFLength, MVERLENGTH) are not in the objects: the reader checks them against the frame and the writer derives
 * them from what they count, so a message object cannot disagree with itself.
 */
export interface PayloadCodec<M> {
  readonly MMV: number;
  read(r: FieldReader): PayloadOf<M>;
  write(w: FieldWriter, payload: PayloadOf<M>): void;
}
