import { ByteView } from './byte-view.js';
import { PcapError } from './pcap-errors.js';
import { type CapturedPacket, MAX_PACKET_LENGTH } from './packet.js';
import { BYTE_ORDER_MAGIC, ENHANCED_PACKET_BLOCK, INTERFACE_DESCRIPTION_BLOCK, OPT_ENDOFOPT, SECTION_HEADER_BLOCK } from './pcapng-writer.js';

/** The obsolete and the simple packet blocks, which only the reader meets (the writer writes Enhanced ones). */
const PACKET_BLOCK = 0x00000002;
const SIMPLE_PACKET_BLOCK = 0x00000003;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/** Block type, block total length … block total length again: 12 bytes around every body. */
const BLOCK_OVERHEAD = 12;
/** The fixed fields of each block this reader looks into, so none of them is read from beyond its block. */
const FIXED_BODY_LENGTH = new Map([
  [SECTION_HEADER_BLOCK, 16],
  [INTERFACE_DESCRIPTION_BLOCK, 8],
  [PACKET_BLOCK, 20],
  [SIMPLE_PACKET_BLOCK, 4],
  [ENHANCED_PACKET_BLOCK, 20],
]);

interface Interface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Timestamp units per second (if_tsresol; default 10^6). */
  readonly unitsPerSecond: bigint;
  /** Seconds to add to every timestamp (if_tsoffset; default 0). */
  readonly offsetSeconds: bigint;
}

/** Whether the file starts with a pcapng Section Header Block. */
export function isPcapng(file: Uint8Array): boolean {
  return file.length >= 4 && file[0] === 0x0a && file[1] === 0x0d && file[2] === 0x0d && file[3] === 0x0a;
}

/**
 * pcapng: a sequence of sections, each a Section Header Block (which fixes the byte order of its section) followed by
 * Interface Description Blocks and packet blocks. Enhanced, Simple and the obsolete Packet Blocks yield packets with
 * their interface's link type and timestamp resolution; every other block (name resolution, statistics, custom…) is
 * skipped by its length.
 */
export function* readPcapng(file: Uint8Array): Generator<CapturedPacket> {
  if (!isPcapng(file)) throw new PcapError('block_type', 0, 'a pcapng file starts with a Section Header Block');
  const view = new ByteView(file);
  let interfaces: Interface[] = [];
  for (let at = 0, length = 0; at < file.length; at += length) {
    const blockType = view.u32('block_type', at);
    if (blockType === SECTION_HEADER_BLOCK) {
      readByteOrder(view, at);
      interfaces = [];
    }
    length = blockLength(view, at, FIXED_BODY_LENGTH.get(blockType) ?? 0);
    const body = at + 8;
    switch (blockType) {
      case SECTION_HEADER_BLOCK: {
        const major = view.u16('major_version', at + 12);
        if (major !== 1) throw new PcapError('major_version', at + 12, `version ${major} is not 1`);
        break;
      }
      case INTERFACE_DESCRIPTION_BLOCK:
        interfaces.push(readInterface(view, at, length));
        break;
      case ENHANCED_PACKET_BLOCK:
      case PACKET_BLOCK: {
        const enhanced = blockType === ENHANCED_PACKET_BLOCK;
        const interfaceId = enhanced ? view.u32('interface_id', body) : view.u16('interface_id', body);
        const iface = interfaceOf(interfaces, interfaceId, body);
        const capturedLength = view.u32('captured_len', body + 12);
        const originalLength = view.u32('original_len', body + 16);
        const dataAt = body + 20;
        checkCapturedLength(capturedLength, dataAt, at + length - 4, body + 12);
        yield {
          timestampMicros: timestamp(iface, view.u64Split('timestamp', body + 4)),
          linkType: iface.linkType,
          data: view.slice('packet data', dataAt, capturedLength),
          originalLength,
        };
        break;
      }
      case SIMPLE_PACKET_BLOCK: {
        // No timestamp (reported as 0) and no captured length: the packet fills the block up to the first
        // interface's snap length, if it has one.
        const iface = interfaceOf(interfaces, 0, body);
        const originalLength = view.u32('original_packet_len', body);
        const room = length - BLOCK_OVERHEAD - 4;
        const capturedLength = Math.min(originalLength, room, iface.snapLength || room);
        checkCapturedLength(capturedLength, body + 4, at + length - 4, body);
        const data = view.slice('packet data', body + 4, capturedLength);
        yield { timestampMicros: 0, linkType: iface.linkType, data, originalLength };
        break;
      }
      default:
        break;
    }
  }
}

function readByteOrder(view: ByteView, at: number): void {
  view.littleEndian = true;
  if (view.u32('byte_order_magic', at + 8) === BYTE_ORDER_MAGIC) return;
  view.littleEndian = false;
  if (view.u32('byte_order_magic', at + 8) !== BYTE_ORDER_MAGIC) {
    throw new PcapError('byte_order_magic', at + 8, 'neither 0x1A2B3C4D nor its byte swap');
  }
}

/** Checks the block's framing before any of its fields is trusted. */
function blockLength(view: ByteView, at: number, fixedBodyLength: number): number {
  const length = view.u32('block_total_length', at + 4);
  const minimum = BLOCK_OVERHEAD + fixedBodyLength;
  if (length < minimum || length % 4 !== 0) {
    throw new PcapError('block_total_length', at + 4, `${length} is not a multiple of 4 of at least ${minimum}`);
  }
  view.need('block', at, length);
  const trailer = view.u32('block_total_length', at + length - 4);
  if (trailer !== length) {
    throw new PcapError('block_total_length', at + length - 4, `the trailing copy ${trailer} differs from ${length}`);
  }
  return length;
}

function readInterface(view: ByteView, at: number, length: number): Interface {
  const body = at + 8;
  const linkType = view.u16('LinkType', body);
  const snapLength = view.u32('SnapLen', body + 4);
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0n;
  const end = at + length - 4;
  for (let option = body + 8; option + 4 <= end; ) {
    const code = view.u16('option_code', option);
    const valueLength = view.u16('option_length', option + 2);
    const value = option + 4;
    if (value + valueLength > end) {
      throw new PcapError('option_length', option + 2, `option ${code} runs past the end of its block`);
    }
    if (code === OPT_ENDOFOPT) break;
    if (code === IF_TSRESOL && valueLength >= 1) unitsPerSecond = resolution(view.slice('if_tsresol', value, 1)[0]);
    if (code === IF_TSOFFSET && valueLength >= 8) offsetSeconds = view.i64('if_tsoffset', value);
    option = value + Math.ceil(valueLength / 4) * 4;
  }
  return { linkType, snapLength, unitsPerSecond, offsetSeconds };
}

/** if_tsresol: the most significant bit chooses a negative power of 2 or of 10 for the timestamp unit. */
function resolution(tsresol: number): bigint {
  const exponent = BigInt(tsresol & 0x7f);
  return tsresol & 0x80 ? 2n ** exponent : 10n ** exponent;
}

function interfaceOf(interfaces: readonly Interface[], id: number, at: number): Interface {
  const iface = interfaces[id];
  if (iface === undefined) {
    throw new PcapError('interface_id', at, `interface ${id} has no Interface Description Block in this section`);
  }
  return iface;
}

function checkCapturedLength(capturedLength: number, dataAt: number, blockEnd: number, fieldAt: number): void {
  if (capturedLength > MAX_PACKET_LENGTH || dataAt + capturedLength > blockEnd) {
    throw new PcapError('captured_len', fieldAt, `${capturedLength} bytes do not fit in the block`);
  }
}

function timestamp(iface: Interface, units: bigint): number {
  return Number((units * 1_000_000n) / iface.unitsPerSecond + iface.offsetSeconds * 1_000_000n);
}
