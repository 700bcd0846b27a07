/** One packet of a capture file. */
export interface CapturedPacket {
  /** Microseconds since 1970-01-01 UTC; finer capture resolutions are truncated to microseconds. */
  readonly timestampMicros: number;
  /** LINKTYPE_* of the interface the packet was captured on (see `link-type.ts`). */
  readonly linkType: number;
  /** The captured bytes: a view into the file's buffer, not a copy. */
  readonly data: Uint8Array;
  /** Length on the wire; more than `data.length` when the capture cut the packet at its snap length. */
  readonly originalLength: number;
}

/**
 * The largest packet a reader accepts, as libpcap and Wireshark do (their maximum snap length): a larger record
 * length means a damaged file, not a packet.
 */
export const MAX_PACKET_LENGTH = 262_144;
