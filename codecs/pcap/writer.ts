import { PCAP_MAGIC_MICROS } from './classic-reader.js';
import { PcapError } from './pcap-errors.js';
import { LINKTYPE_ETHERNET, LINKTYPE_RAW } from './link-type.js';
import { MAX_PACKET_LENGTH } from './packet.js';

/**
 * What the writer records: Ethernet frames (SLAC, and IPv6 as it crosses the power line), or raw IPv6 packets for
 * traffic that never had an Ethernet header (V2GTP over loopback). LINKTYPE_RAW rather than LINKTYPE_IPV6 (229),
 * because every libpcap-based tool and Wireshark version reads 101, while 229 is a later addition. A classic pcap
 * file has one link type, so Ethernet and loopback traffic go into separate files.
 */
export type PcapWriterLinkType = typeof LINKTYPE_ETHERNET | typeof LINKTYPE_RAW;

export interface PcapRecord {
  /** Microseconds since 1970-01-01 UTC. */
  readonly timestampMicros: number;
  readonly data: Uint8Array;
  /** Length on the wire when `data` is cut short; default `data.length`. */
  readonly originalLength?: number;
}

const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;

/**
 * The 24-byte classic pcap file header: little-endian, microsecond timestamps, version 2.4, UTC, snap length
 * {@link MAX_PACKET_LENGTH}. Append records from {@link encodePcapRecord} to it, e.g. while recording live traffic.
 */
export function encodePcapHeader(linkType: PcapWriterLinkType = LINKTYPE_ETHERNET): Uint8Array {
  if (linkType !== LINKTYPE_ETHERNET && linkType !== LINKTYPE_RAW) {
    throw new PcapError('network', 20, `link type ${linkType} is neither LINKTYPE_ETHERNET nor LINKTYPE_RAW`);
  }
  const header = new Uint8Array(FILE_HEADER_LENGTH);
  const view = new DataView(header.buffer);
  view.setUint32(0, PCAP_MAGIC_MICROS, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, MAX_PACKET_LENGTH, true);
  view.setUint32(20, linkType, true);
  return header;
}

/** One record: ts_sec, ts_usec, incl_len, orig_len, then the bytes. */
export function encodePcapRecord(record: PcapRecord): Uint8Array {
  const { timestampMicros, data } = record;
  const originalLength = record.originalLength ?? data.length;
  if (!Number.isSafeInteger(timestampMicros) || timestampMicros < 0 || timestampMicros >= 2 ** 32 * 1_000_000) {
    throw new PcapError('ts_sec', 0, `timestamp ${timestampMicros} µs is not a time between 1970 and 2106`);
  }
  if (data.length > MAX_PACKET_LENGTH) {
    throw new PcapError('incl_len', 8, `${data.length} bytes exceed the snap length ${MAX_PACKET_LENGTH}`);
  }
  if (!Number.isInteger(originalLength) || originalLength < data.length || originalLength > 0xffff_ffff) {
    throw new PcapError('orig_len', 12, `${originalLength} is not a 32-bit length of at least ${data.length}`);
  }
  const out = new Uint8Array(RECORD_HEADER_LENGTH + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(timestampMicros / 1_000_000), true);
  view.setUint32(4, timestampMicros % 1_000_000, true);
  view.setUint32(8, data.length, true);
  view.setUint32(12, originalLength, true);
  out.set(data, RECORD_HEADER_LENGTH);
  return out;
}

/** A whole classic pcap file. */
export function writePcap(records: Iterable<PcapRecord>, linkType: PcapWriterLinkType = LINKTYPE_ETHERNET): Uint8Array {
  return concat([encodePcapHeader(linkType), ...Array.from(records, encodePcapRecord)]);
}

/** The parts one after another in one array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
