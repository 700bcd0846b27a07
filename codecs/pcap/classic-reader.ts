import { ByteView } from './byte-view.js';
import { PcapError } from './pcap-errors.js';
import { type CapturedPacket, MAX_PACKET_LENGTH } from './packet.js';

/** magic_number as read in the writer's byte order: microsecond or nanosecond timestamps. */
export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOS = 0xa1b23c4d;

const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;

/** Whether the file starts like a classic pcap file, in either byte order. */
export function isClassicPcap(file: Uint8Array): boolean {
  if (file.length < 4) return false;
  const view = new ByteView(file);
  const le = view.u32('magic_number', 0);
  view.littleEndian = false;
  const be = view.u32('magic_number', 0);
  return [le, be].some((m) => m === PCAP_MAGIC_MICROS || m === PCAP_MAGIC_NANOS);
}

/**
 * Classic libpcap format: a 24-byte file header (magic_number, version 2.4, thiszone, sigfigs, snaplen, network),
 * then records of ts_sec, ts_usec (nanoseconds with the 0xA1B23C4D magic), incl_len, orig_len and the bytes. The
 * magic number's byte order is the file's; every record of the file has the one link type in `network` (its low 16
 * bits; the high bits may carry FCS information).
 */
export function* readClassicPcap(file: Uint8Array): Generator<CapturedPacket> {
  const view = new ByteView(file);
  view.need('file header', 0, FILE_HEADER_LENGTH);
  let magic = view.u32('magic_number', 0);
  if (magic !== PCAP_MAGIC_MICROS && magic !== PCAP_MAGIC_NANOS) {
    view.littleEndian = false;
    magic = view.u32('magic_number', 0);
    if (magic !== PCAP_MAGIC_MICROS && magic !== PCAP_MAGIC_NANOS) {
      throw new PcapError('magic_number', 0, 'not a classic pcap file');
    }
  }
  const nanos = magic === PCAP_MAGIC_NANOS;
  const major = view.u16('version_major', 4);
  if (major !== 2) throw new PcapError('version_major', 4, `version ${major} is not 2`);
  const linkType = view.u32('network', 20) & 0xffff;

  for (let at = FILE_HEADER_LENGTH; at < file.length; ) {
    view.need('record header', at, RECORD_HEADER_LENGTH);
    const seconds = view.u32('ts_sec', at);
    const fraction = view.u32('ts_usec', at + 4);
    const inclLen = view.u32('incl_len', at + 8);
    const originalLength = view.u32('orig_len', at + 12);
    if (inclLen > MAX_PACKET_LENGTH) {
      throw new PcapError('incl_len', at + 8, `${inclLen} exceeds the largest packet (${MAX_PACKET_LENGTH} bytes)`);
    }
    const data = view.slice('packet data', at + RECORD_HEADER_LENGTH, inclLen);
    const micros = nanos ? Math.floor(fraction / 1000) : fraction;
    yield { timestampMicros: seconds * 1_000_000 + micros, linkType, data, originalLength };
    at += RECORD_HEADER_LENGTH + inclLen;
  }
}
