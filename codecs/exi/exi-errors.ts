import type { Quirk } from './options.js';

/**
 * The only exception the EXI codec raises for bad input or bad documents. It names the schema, the bit offset in the
 * stream (for encoding: the bits written so far) and the element path, so a field engineer can find the byte.
 */
export class ExiError extends Error {
  override readonly name = 'ExiError';

  constructor(
    readonly schema: string,
    readonly bitOffset: number,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${schema}: ${reason} at bit ${bitOffset} (byte ${bitOffset >>> 3}) in ${path || '/'}`);
  }
}

/** A condition that the decoder tolerated and reports instead of failing (e.g. zero padding after the document). */
export interface ExiWarning {
  readonly bitOffset: number;
  /** The element path where it was met, e.g. `/V2G_Message/Body/PowerDeliveryReq/.../MaxNumberOfPhasesInUse`. */
  readonly path: string;
  readonly message: string;
  /** The quirk that tolerated it; absent for what every mode tolerates (zero bytes after the document). */
  readonly quirk?: Quirk;
}
