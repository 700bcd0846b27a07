/**
 * Capture files: a reader for classic pcap and pcapng, and a classic-pcap writer. Pure: bytes in, bytes out; the
 * caller reads and writes the files.
 */
export { PcapError } from './errors.js';
export { LINKTYPE_ETHERNET, LINKTYPE_RAW } from './link-type.js';
export { type CapturedPacket, MAX_PACKET_LENGTH } from './packet.js';
export { readCapture } from './reader.js';
export { PCAP_MAGIC_MICROS, PCAP_MAGIC_NANOS, readClassicPcap } from './classic-reader.js';
export { readPcapng } from './pcapng-reader.js';
export { type PcapRecord, type PcapWriterLinkType, encodePcapHeader, encodePcapRecord, writePcap } from './writer.js';
