/**
 * The one exception the packet decoders raise: which header, which field, at which byte of the packet. A capture
 * decoder reports it for that packet and carries on with the next.
 */
export class PacketError extends Error {
  override readonly name = 'PacketError';

  constructor(
    readonly header: 'Ethernet' | 'IPv6' | 'TCP' | 'UDP',
    readonly field: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${header} ${field} (byte ${offset}): ${reason}`);
  }
}
