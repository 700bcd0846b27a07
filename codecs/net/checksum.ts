/**
 * The Internet checksum of TCP and UDP over IPv6: one's-complement sum over the pseudo-header (source, destination,
 * upper-layer length, next header; RFC 8200 §8.1) and the segment. Captures we write carry correct checksums so that
 * Wireshark shows no errors.
 */
export function upperLayerChecksum(source: Uint8Array, destination: Uint8Array, nextHeader: number, segment: Uint8Array): number {
  let sum = 0;
  const add = (bytes: Uint8Array): void => {
    for (let i = 0; i + 1 < bytes.length; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
    if (bytes.length % 2) sum += bytes[bytes.length - 1] << 8;
  };
  add(source);
  add(destination);
  sum += (segment.length >>> 16) + (segment.length & 0xffff) + nextHeader;
  add(segment);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const result = ~sum & 0xffff;
  // UDP sends a computed zero as all ones: zero means "no checksum", which IPv6 forbids (RFC 8200 §8.1).
  return result === 0 ? 0xffff : result;
}
