import { isClassicPcap, readClassicPcap } from './classic-reader.js';
import { PcapError } from './pcap-errors.js';
import type { CapturedPacket } from './packet.js';
import { isPcapng, readPcapng } from './pcapng-reader.js';

/**
 * Every packet of a classic pcap or a pcapng file, in file order, recognised by the first four bytes. The generator
 * yields the packets before a damaged spot and then throws a {@link PcapError} naming it, so a capture cut short by
 * a crash still gives what it holds.
 */
export function readCapture(file: Uint8Array): Generator<CapturedPacket> {
  if (isPcapng(file)) return readPcapng(file);
  if (isClassicPcap(file)) return readClassicPcap(file);
  throw new PcapError('magic_number', 0, 'neither a classic pcap nor a pcapng file');
}
