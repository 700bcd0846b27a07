/**
 * Capture files: a reader for classic pcap and pcapng, a classic-pcap writer and pcapng blocks. Pure: bytes in, bytes out; the
 * caller reads and writes the files.
 */
export { PcapError } from './pcap-errors.js';
export { LINKTYPE_ETHERNET, LINKTYPE_RAW } from './link-type.js';
export { type CapturedPacket, MAX_PACKET_LENGTH } from './packet.js';
export { readCapture } from './reader.js';
export { PCAP_MAGIC_MICROS, PCAP_MAGIC_NANOS, readClassicPcap } from './classic-reader.js';
export { readPcapng } from './pcapng-reader.js';
export { type PcapRecord, type PcapWriterLinkType, encodePcapHeader, encodePcapRecord, writePcap } from './writer.js';
export {
  DECRYPTION_SECRETS_BLOCK,
  encodeDecryptionSecretsBlock,
  encodeEnhancedPacketBlock,
  encodeInterfaceDescriptionBlock,
  encodeSectionHeaderBlock,
  ENHANCED_PACKET_BLOCK,
  INTERFACE_DESCRIPTION_BLOCK,
  type PcapngInterface,
  type PcapngPacket,
  SECRETS_TYPE_TLS_KEY_LOG,
  SECTION_HEADER_BLOCK,
} from './pcapng-writer.js';
