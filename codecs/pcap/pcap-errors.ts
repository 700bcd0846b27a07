/**
 * The only exception the capture reader and writer raise. It names the field (as the pcap and pcapng specifications
 * call it) and the byte offset in the file (for the writer: in the header or record being written), so a damaged
 * capture can be inspected with a hex editor at that place.
 */
export class PcapError extends Error {
  override readonly name = 'PcapError';

  constructor(
    readonly field: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`capture file: ${field} (byte ${offset}): ${reason}`);
  }
}
