/**
 * DIN's EVSEID is hexBinary of at most 32 bytes (DIN SPEC 70121 §9.4.1.2.3, Table 30), and it codes a DIN SPEC 91286
 * EVSE ID such as `49*89*6360` one character per nibble: '0'…'9' as 0x0…0x9, the separator '*' as 0xA, 0xB…0xF
 * unused, so `49*89*6360` goes as 0x49 0xA8 0x9A 0x63 0x60. An SECC that cannot provide such an ID sends the single
 * byte 0x00 (same table).
 *
 * Where the text leaves it open, this project decides: an odd number of characters is completed with the unused
 * nibble 0xF; the `+` that DIN SPEC 91286 writes before the country code (`+49*810*000*438`) is not coded, the country
 * code being its digits; and an ID with letters (the ISO 15118-2 form `DE*KPH*E0000001`) has no nibble coding, so the
 * SECC sends 0x00, "cannot provide", rather than bytes a DIN EV would read as another ID. (Some SECCs send the text's
 * ASCII codes instead, e.g. pyPLC's `ZZ00000`; the standard's example is the nibble coding.)
 */
const EVSE_ID_MAX_BYTES = 32;
const SEPARATOR_NIBBLE = 0xa;
const PADDING_NIBBLE = 0xf;

export class DinEvseIdError extends Error {
  override readonly name = 'DinEvseIdError';
  constructor(readonly evseId: string, readonly reason: string) {
    super(`EVSEID ${JSON.stringify(evseId)} cannot be sent as DIN hexBinary: ${reason}`);
  }
}

/** The EVSEID the SECC cannot provide in DIN's form. */
export const NO_DIN_EVSE_ID = Uint8Array.of(0);

export function dinEvseId(evseId: string): Uint8Array {
  const text = evseId.startsWith('+') ? evseId.slice(1) : evseId;
  if (!/^[0-9*]+$/.test(text)) return NO_DIN_EVSE_ID;
  const nibbles = Array.from(text, (char) => (char === '*' ? SEPARATOR_NIBBLE : char.charCodeAt(0) - 0x30));
  if (nibbles.length % 2 === 1) nibbles.push(PADDING_NIBBLE);
  if (nibbles.length / 2 > EVSE_ID_MAX_BYTES) throw new DinEvseIdError(evseId, `longer than ${EVSE_ID_MAX_BYTES} bytes`);
  const bytes = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return bytes;
}
