/**
 * The only exception the SLAC codec raises, for bad frames and for messages that cannot be serialised. It names the
 * message (or `MME header` while the MMTYPE is not yet known), the field, and the byte offset in the Ethernet frame
 * where that field starts (for a frame that ends too early: the field that no longer fits), so a capture can be
 * checked by hand against the layout tables.
 */
export class SlacFrameError extends Error {
  override readonly name = 'SlacFrameError';

  constructor(
    readonly messageType: string,
    readonly field: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${messageType}: ${field} (byte ${offset}): ${reason}`);
  }
}
