/** The header field a V2GTP rejection is about; `header` when the bytes cannot even hold one. */
export type V2gtpField = 'version' | 'inverseVersion' | 'payloadType' | 'payloadLength' | 'header';

/**
 * The only exception the V2GTP codec raises. It names the field and the byte offset in the frame where the fault is
 * seen (a wrong field: its first byte; missing or extra bytes: where they start), so a capture can be checked by
 * hand: a receiver ignores a message whose header is wrong (ISO 15118-2/-20 §7.8.3.2), and whoever debugs that needs
 * to know which byte made it do so.
 */
export class V2gtpError extends Error {
  override readonly name = 'V2gtpError';

  constructor(
    readonly field: V2gtpField,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`V2GTP ${field} (byte ${offset}): ${reason}`);
  }
}
