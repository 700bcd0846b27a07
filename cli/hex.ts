/** Hex text that is not an even number of hex digits; `offset` is the character index in the text given. */
export class HexError extends Error {
  override readonly name = 'HexError';

  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`hex input: ${reason} at character ${offset}`);
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Reads hex as people paste it from captures and logs: any whitespace between digits (`01 FE 80 01`), either case,
 * and one optional leading `0x`.
 */
export function parseHex(text: string): Uint8Array {
  let i = 0;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) i += 2;
  const out = new Uint8Array(text.length >>> 1);
  let length = 0;
  let high = -1;
  let highAt = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWhitespace(code)) continue;
    const value = digitValue(code);
    if (value < 0) throw new HexError(i, `${JSON.stringify(text[i])} is not a hex digit`);
    if (high < 0) {
      high = value;
      highAt = i;
    } else {
      out[length++] = (high << 4) | value;
      high = -1;
    }
  }
  if (high >= 0) throw new HexError(highAt, `odd number of hex digits (${length * 2 + 1}), the last has no partner`);
  return out.subarray(0, length);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
