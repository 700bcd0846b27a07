/**
 * pcapng blocks for a capture written as it happens (IETF draft-ietf-opsawg-pcapng): a Section Header Block, an
 * Interface Description Block per link (so raw IPv6 and Ethernet frames share one file), Enhanced Packet Blocks, and
 * Decryption Secrets Blocks that let Wireshark decrypt the TLS records that follow them without a key log file of its
 * own. Little-endian, microsecond timestamps (the default if_tsresol).
 */
import { PcapError } from './pcap-errors.js';
import { LINKTYPE_ETHERNET, LINKTYPE_RAW } from './link-type.js';
import { MAX_PACKET_LENGTH } from './packet.js';
import { concat } from './writer.js';

export const SECTION_HEADER_BLOCK = 0x0a0d0d0a;
export const INTERFACE_DESCRIPTION_BLOCK = 0x00000001;
export const ENHANCED_PACKET_BLOCK = 0x00000006;
export const DECRYPTION_SECRETS_BLOCK = 0x0000000a;
/** Secrets Type "TLSK": the secrets are NSS key log lines (CLIENT_RANDOM …), as SSLKEYLOGFILE holds them. */
export const SECRETS_TYPE_TLS_KEY_LOG = 0x544c534b;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const OPT_ENDOFOPT = 0;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;

export interface PcapngInterface {
  readonly linkType: typeof LINKTYPE_ETHERNET | typeof LINKTYPE_RAW;
  /** if_name and if_description, shown by Wireshark's capture file properties. */
  readonly name?: string;
  readonly description?: string;
}

export interface PcapngPacket {
  /** Index of the interface's IDB in this section, in the order written. */
  readonly interfaceId: number;
  /** Microseconds since 1970-01-01 UTC. */
  readonly timestampMicros: number;
  readonly data: Uint8Array;
}

const utf8 = new TextEncoder();

/** Options as TLVs padded to 32 bits, ended by opt_endofopt; none gives no bytes at all. */
function encodeOptions(options: readonly (readonly [code: number, value: string | undefined])[]): Uint8Array {
  const present = options.flatMap(([code, value]) => (value === undefined ? [] : [[code, utf8.encode(value)] as const]));
  if (present.length === 0) return new Uint8Array();
  const parts = [...present.map(([code, value]) => option(code, value)), option(OPT_ENDOFOPT, new Uint8Array())];
  return concat(parts);
}

function option(code: number, value: Uint8Array): Uint8Array {
  if (value.length > 0xffff) throw new PcapError('option_length', 2, `an option of ${value.length} bytes exceeds 65535`);
  const out = new Uint8Array(4 + padded(value.length));
  const view = new DataView(out.buffer);
  view.setUint16(0, code, true);
  view.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

const padded = (length: number): number => Math.ceil(length / 4) * 4;

/** Block type, total length, `body` (padded to 32 bits), total length again. */
function block(type: number, body: Uint8Array): Uint8Array {
  const length = 12 + padded(body.length);
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, length, true);
  out.set(body, 8);
  view.setUint32(length - 4, length, true);
  return out;
}

/** A section of unknown length (-1), version 1.0, naming the application that wrote it. */
export function encodeSectionHeaderBlock(application?: string): Uint8Array {
  const fixed = new Uint8Array(16);
  const view = new DataView(fixed.buffer);
  view.setUint32(0, BYTE_ORDER_MAGIC, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setBigInt64(8, -1n, true);
  return block(SECTION_HEADER_BLOCK, concat([fixed, encodeOptions([[SHB_USERAPPL, application]])]));
}

export function encodeInterfaceDescriptionBlock(iface: PcapngInterface): Uint8Array {
  if (iface.linkType !== LINKTYPE_ETHERNET && iface.linkType !== LINKTYPE_RAW) {
    throw new PcapError('LinkType', 8, `link type ${iface.linkType as number} is neither LINKTYPE_ETHERNET nor LINKTYPE_RAW`);
  }
  const fixed = new Uint8Array(8);
  const view = new DataView(fixed.buffer);
  view.setUint16(0, iface.linkType, true);
  view.setUint32(4, MAX_PACKET_LENGTH, true);
  return block(INTERFACE_DESCRIPTION_BLOCK, concat([fixed, encodeOptions([[IF_NAME, iface.name], [IF_DESCRIPTION, iface.description]])]));
}

export function encodeEnhancedPacketBlock(packet: PcapngPacket): Uint8Array {
  const { interfaceId, timestampMicros, data } = packet;
  if (!Number.isSafeInteger(timestampMicros) || timestampMicros < 0) {
    throw new PcapError('timestamp', 12, `timestamp ${timestampMicros} µs is not a time since 1970`);
  }
  if (data.length > MAX_PACKET_LENGTH) throw new PcapError('captured_len', 20, `${data.length} bytes exceed the snap length ${MAX_PACKET_LENGTH}`);
  const fixed = new Uint8Array(20);
  const view = new DataView(fixed.buffer);
  const units = BigInt(timestampMicros);
  view.setUint32(0, interfaceId, true);
  view.setUint32(4, Number(units >> 32n), true);
  view.setUint32(8, Number(units & 0xffff_ffffn), true);
  view.setUint32(12, data.length, true);
  view.setUint32(16, data.length, true);
  return block(ENHANCED_PACKET_BLOCK, concat([fixed, data]));
}

/** Secrets of `secretsType` (e.g. {@link SECRETS_TYPE_TLS_KEY_LOG}) for the packets after this block. */
export function encodeDecryptionSecretsBlock(secretsType: number, secrets: Uint8Array): Uint8Array {
  const fixed = new Uint8Array(8);
  const view = new DataView(fixed.buffer);
  view.setUint32(0, secretsType, true);
  view.setUint32(4, secrets.length, true);
  return block(DECRYPTION_SECRETS_BLOCK, concat([fixed, secrets]));
}
