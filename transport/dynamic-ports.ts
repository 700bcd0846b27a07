/**
 * The Dynamic Ports of IETF RFC 6335 (49152–65535), where ISO 15118-2 puts the SECC's V2G TCP and TLS servers and
 * the EVCC's SDP client port (§7.10.1.2, Table 15, supported ports; DIN SPEC 70121 and ISO 15118-20 run the same
 * SDP). The system's own ephemeral range is not that (Linux: 32768–60999), so a port the system chooses is below 49152
 * more often than not, and an EVCC that checks the rule (Josev does) refuses the SDP response. A port is therefore
 * chosen here, at random in the range, and chosen again when it is taken.
 */
import { randomInt } from 'node:crypto';
import { TransportError } from './transport-errors.js';

export const DYNAMIC_PORTS = { first: 49152, last: 65535 } as const;

/** Ports tried before giving up: with the range mostly free, a clash twice in a row is already rare. */
export const DYNAMIC_PORT_TRIES = 32;

export const isDynamicPort = (port: number): boolean => Number.isInteger(port) && port >= DYNAMIC_PORTS.first && port <= DYNAMIC_PORTS.last;

export const randomDynamicPort = (): number => randomInt(DYNAMIC_PORTS.first, DYNAMIC_PORTS.last + 1);

const inUse = (error: unknown): boolean => (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';

/**
 * `open` on a random port of the dynamic range, again on another while the port is taken (EADDRINUSE), at most
 * `tries` times; any other failure passes through. `where` names the endpoint in the error when no port was free.
 */
export async function openOnDynamicPort<T>(
  open: (port: number) => Promise<T>,
  where: string,
  tries = DYNAMIC_PORT_TRIES,
  pick: () => number = randomDynamicPort,
): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < tries; attempt++) {
    try {
      return await open(pick());
    } catch (error) {
      if (!inUse(error)) throw error;
      last = error;
    }
  }
  const detail = `no free port in ${DYNAMIC_PORTS.first}-${DYNAMIC_PORTS.last} after ${tries} tries (last: ${(last as Error).message})`;
  throw new TransportError('listen', where, 'address-in-use', detail, 'EADDRINUSE');
}
