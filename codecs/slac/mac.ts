/** A 48-bit IEEE MAC address, 6 bytes in transmission order. */
export type MacAddress = Uint8Array;

export const MAC_ADDRESS_LENGTH = 6;

/** `02:00:00:00:0e:01`: the form logs and captures use. */
export function formatMac(mac: MacAddress): string {
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Reads `02:00:00:00:0e:01` (or with `-`); throws a RangeError for anything else, since this is for literals. */
export function parseMac(text: string): MacAddress {
  const parts = text.split(/[:-]/);
  if (parts.length !== MAC_ADDRESS_LENGTH || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new RangeError(`not a MAC address: ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}
