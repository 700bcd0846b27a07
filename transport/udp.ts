/**
 * One IPv6 UDP socket (node:dgram 'udp6') as the layers above see it: received datagrams as an RxJS stream, `send`,
 * `close`, and every datagram in either direction on `traffic$` for a capture writer. With `iface`, link-local
 * destinations (fe80::/10, ff02::/16) get that interface as their scope and multicast leaves through it, as SDP
 * needs: the request goes to ff02::1 on the PLC interface ([V2G2-139]).
 */
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { Subject, type Observable } from 'rxjs';
import { systemClock, type Clock } from '../base/clock.js';
import type { Endpoint } from '../base/connection-events.js';

export interface UdpDatagram {
  readonly bytes: Uint8Array;
  readonly remote: Endpoint;
}

/** One datagram as it crossed the socket, for capture files: `time` is on the socket's clock, in ms. */
export interface UdpTraffic {
  readonly direction: 'in' | 'out';
  readonly bytes: Uint8Array;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly time: number;
}

export interface UdpSocketOptions {
  /** Local address to bind; default `::` (every interface). */
  readonly address?: string;
  /** Local port; default 0 (the system picks one). */
  readonly port?: number;
  /** The interface link-local and multicast traffic belongs to, e.g. `eth1` (the PLC modem's). */
  readonly iface?: string;
  /** Multicast groups to join on `iface` (or on the system's default interface without one). */
  readonly groups?: readonly string[];
  /** Let another socket bind the same port (an SECC beside another SDP listener). */
  readonly reuseAddr?: boolean;
  /** Timestamps for `traffic$`; default the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
}

export interface UdpSocket {
  readonly local: Endpoint;
  /** Received datagrams; completes when the socket closes, errors if the socket fails. */
  readonly datagrams$: Observable<UdpDatagram>;
  readonly traffic$: Observable<UdpTraffic>;
  /** Resolves once the datagram is handed to the system; rejects with the system's error (e.g. ENETUNREACH). */
  send(bytes: Uint8Array, address: string, port: number): Promise<void>;
  close(): Promise<void>;
}

const LINK_LOCAL = /^(fe[89ab][0-9a-f]:|ff[0-9a-f]2:)/i;

/** `address` with `%iface` appended where the kernel needs a scope to route it: link-local unicast and multicast. */
export function withScope(address: string, iface: string | undefined): string {
  if (iface === undefined || address.includes('%') || !LINK_LOCAL.test(address)) return address;
  return `${address}%${iface}`;
}

/** How logs name a datagram: its size and where it came from or went to. */
export const describeDatagram = (bytes: Uint8Array, remote: Endpoint): string =>
  `${bytes.length}-byte datagram from [${remote.address}]:${remote.port}`;

export async function openUdpSocket(options: UdpSocketOptions = {}): Promise<UdpSocket> {
  const clock = options.clock ?? systemClock;
  // The kernel takes an unknown `%scope` as no scope at all, so a mistyped name would quietly use another interface.
  if (options.iface !== undefined && !networkInterfaces()[options.iface]?.some((a) => a.family === 'IPv6')) {
    throw new RangeError(`network interface ${options.iface} does not exist or has no IPv6 address`);
  }
  const socket = createSocket({ type: 'udp6', reuseAddr: options.reuseAddr ?? false });
  const datagrams = new Subject<UdpDatagram>();
  const traffic = new Subject<UdpTraffic>();
  await bind(socket, options.port ?? 0, withScope(options.address ?? '::', options.iface));
  try {
    if (options.iface !== undefined) socket.setMulticastInterface(`::%${options.iface}`);
    const on = options.iface === undefined ? undefined : `::%${options.iface}`;
    for (const group of options.groups ?? []) socket.addMembership(group, on);
  } catch (e) {
    socket.close();
    throw e;
  }
  const { address, port } = socket.address();
  const local: Endpoint = { address, port };
  let closed = false;

  socket.on('message', (message, info) => {
    const bytes = new Uint8Array(message);
    const remote: Endpoint = { address: info.address, port: info.port };
    traffic.next({ direction: 'in', bytes, local, remote, time: clock.now() });
    datagrams.next({ bytes, remote });
  });
  // An error after bind leaves the socket in an unknown state: end it, so its users see one clear failure.
  socket.on('error', (e) => {
    datagrams.error(e);
    socket.close();
  });
  socket.on('close', () => {
    closed = true;
    datagrams.complete();
    traffic.complete();
  });

  return {
    local,
    datagrams$: datagrams.asObservable(),
    traffic$: traffic.asObservable(),
    send(bytes, to, toPort) {
      const remote: Endpoint = { address: withScope(to, options.iface), port: toPort };
      return new Promise((resolve, reject) => {
        if (closed) return reject(new Error(`UDP socket ${local.address}:${local.port} is closed`));
        socket.send(bytes, remote.port, remote.address, (e) => {
          if (e) return reject(e);
          traffic.next({ direction: 'out', bytes, local, remote, time: clock.now() });
          resolve();
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (closed) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}

/**
 * The source address the kernel picks for datagrams to `target` (source address selection, RFC 6724): `::1` on
 * loopback, the interface's link-local address for ff02::1 on a PLC interface. Found by connecting a probe socket,
 * which sends nothing; `::` where no route exists, so the send itself reports that.
 */
export async function sourceAddressFor(target: string, port: number, iface?: string): Promise<string> {
  const probe = createSocket('udp6');
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.connect(port, withScope(target, iface), () => resolve());
    });
    return probe.address().address.replace(/%.*$/, '');
  } catch {
    return '::';
  } finally {
    probe.close();
  }
}

function bind(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (e: Error): void => {
      socket.close();
      reject(e);
    };
    socket.once('error', failed);
    socket.bind(port, address, () => {
      socket.off('error', failed);
      resolve();
    });
  });
}
