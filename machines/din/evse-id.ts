/**
 * DIN's EVSEID is hexBinary of at most 32 bytes, where ISO 15118-2 has the text `DE*ABC*E1234567*1`. The bytes sent
 * are the text's ASCII codes, as EVerest's SECC sends its configured EVSEID (unverified against the standard's text);
 * an empty text becomes the single byte 0x00, what DIN chargers without an EVSEID send (unverified).
 */
const EVSE_ID_MAX_BYTES = 32;

export class DinEvseIdError extends Error {
  override readonly name = 'DinEvseIdError';
  constructor(readonly evseId: string, readonly reason: string) {
    super(`EVSEID ${JSON.stringify(evseId)} cannot be sent as DIN hexBinary: ${reason}`);
  }
}

export function dinEvseId(evseId: string): Uint8Array {
  if (evseId === '') return Uint8Array.of(0);
  if (!/^[\x20-\x7e]*$/.test(evseId)) throw new DinEvseIdError(evseId, 'not printable ASCII');
  if (evseId.length > EVSE_ID_MAX_BYTES) throw new DinEvseIdError(evseId, `longer than ${EVSE_ID_MAX_BYTES} bytes`);
  return Uint8Array.from(evseId, (char) => char.charCodeAt(0));
}
