/** Frames written by hand as hex fields: spaces and `|` between fields are ignored. */
export function hex(...fields: string[]): Uint8Array {
  const text = fields.join('').replace(/[\s|]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(text)) throw new Error(`not hex: ${text}`);
  return Uint8Array.from(text.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

/** Zero-padded to the 60-byte Ethernet minimum, as a modem sends it. */
export function padded(frame: Uint8Array, length = 60): Uint8Array {
  const out = new Uint8Array(Math.max(length, frame.length));
  out.set(frame);
  return out;
}

export function repeat(byteHex: string, count: number): string {
  return byteHex.repeat(count);
}
