/**
 * IPv6 addresses between their text form (as sockets report them, possibly with a `%scope`) and the 16 bytes a
 * packet carries. Node's `net.SocketAddress` validates but does not expose the bytes, hence this small parser.
 */
export function ipv6ToBytes(text: string): Uint8Array {
  const address = text.replace(/%.*$/, '');
  const out = new Uint8Array(16);
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  const groups = mapped ? `${mapped[1]}${ipv4Groups(mapped[2])}` : address;
  const halves = groups.split('::');
  if (halves.length > 2) throw new RangeError(`not an IPv6 address: ${text}`);
  const [head, tail] = halves.length === 2 ? halves : [groups, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  if (tail === undefined && headParts.length !== 8) throw new RangeError(`not an IPv6 address: ${text}`);
  if (headParts.length + tailParts.length > 8) throw new RangeError(`not an IPv6 address: ${text}`);
  const parts = [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  parts.forEach((part, i) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) throw new RangeError(`not an IPv6 address: ${text}`);
    const value = parseInt(part, 16);
    out[i * 2] = value >> 8;
    out[i * 2 + 1] = value & 0xff;
  });
  return out;
}

function ipv4Groups(dotted: string): string {
  const b = dotted.split('.').map(Number);
  return `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
}

/** The RFC 5952 text form: lower case, leading zeros dropped, the longest run of zero groups as `::`. */
export function ipv6ToText(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
