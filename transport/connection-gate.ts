/**
 * Bounds on the connections a server keeps open, in all and per peer address, checked the moment the system hands
 * over an accepted socket. One gate may guard several servers (an SECC's TCP and TLS servers count together). A
 * connection beyond a bound is destroyed at once, before TLS or anything else has started on it: it is not queued,
 * its descriptor is free again immediately, and the listening socket goes on accepting, so a peer that opens
 * connections faster than they are closed costs the station a counter, not its descriptors.
 */
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  /** Connections open at once, every peer together. */
  readonly maxConnections: number;
  /** Connections open at once from one peer address. */
  readonly maxConnectionsPerPeer: number;
}

/** Throws a RangeError unless every limit is a whole number of at least 1, or Infinity. */
export function checkLimits(limits: object): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!(value === Infinity || (Number.isInteger(value) && value >= 1))) throw new RangeError(`${name} ${String(value)}: a whole number of at least 1`);
  }
}

/** A connection turned away, for the owner's (rate-limited) log. */
export interface RefusedConnection {
  readonly peer: string;
  readonly port: number;
  readonly limit: keyof ConnectionLimits;
  readonly bound: number;
}

export class ConnectionGate {
  private count = 0;
  private readonly perPeer = new Map<string, number>();

  constructor(
    readonly limits: ConnectionLimits,
    private readonly refused: (refusal: RefusedConnection) => void = () => undefined,
  ) {
    checkLimits(limits);
  }

  /** Connections open now. */
  get open(): number {
    return this.count;
  }

  /** Connections open now from `peer`. */
  openFrom(peer: string): number {
    return this.perPeer.get(peer) ?? 0;
  }

  /** Counts `socket` in until it closes, when it fits within the bounds; otherwise destroys it and returns false. */
  admit(socket: Socket): boolean {
    const peer = socket.remoteAddress ?? '';
    const fromPeer = this.openFrom(peer);
    const over =
      this.count >= this.limits.maxConnections ? 'maxConnections' : fromPeer >= this.limits.maxConnectionsPerPeer ? 'maxConnectionsPerPeer' : undefined;
    if (over !== undefined) {
      socket.destroy();
      this.refused({ peer, port: socket.remotePort ?? 0, limit: over, bound: this.limits[over] });
      return false;
    }
    this.count++;
    this.perPeer.set(peer, fromPeer + 1);
    socket.once('close', () => {
      this.count--;
      const left = this.openFrom(peer) - 1;
      if (left > 0) this.perPeer.set(peer, left);
      else this.perPeer.delete(peer);
    });
    return true;
  }
}

export function describeRefusal({ peer, port, limit, bound }: RefusedConnection): string {
  return `refused a connection from [${peer}]:${port}: ${limit} ${bound} reached`;
}
