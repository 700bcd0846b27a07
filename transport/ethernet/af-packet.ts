/**
 * Raw Ethernet on a named Linux interface for HomePlug AV management messages (EtherType 0x88E1), as a FramePort:
 * a packet socket (AF_PACKET, SOCK_RAW) opened through libc with koffi, an FFI whose binary ships prebuilt in its
 * npm package, so nothing is compiled.
 *
 * Loaded on demand: import this module with `await import(...)` only where raw Ethernet is wanted, so the rest of
 * the stack installs and runs where it cannot be had; `openAfPacketPort` rejects with a RawEthernetUnavailableError
 * saying why (not Linux, koffi or libc not loadable, no such interface, no permission).
 *
 * Caveats, each handled here or by the SLAC actor:
 * - Permission: opening a packet socket needs root or the CAP_NET_RAW capability
 *   (`sudo setcap cap_net_raw+ep "$(readlink -f "$(which node)")"`, or run in a namespace as root).
 * - Exit: receiving is a blocking read(2) in libuv's thread pool under SO_RCVTIMEO (../blocking-reader.ts);
 *   `close()` takes effect within that timeout.
 * - Own frames: a packet socket does not receive what it sent itself, but it does receive what other programs on this
 *   host send on the interface; the SLAC actor drops frames whose source is this MAC either way.
 * - Destination: the kernel filters by EtherType only, so unicast frames for other stations reach `frames$` too; the
 *   SLAC actor keeps only this MAC, broadcast and multicast.
 * - Offloads, for a bridge of IP frames (the software modem between namespaces, etherType 0x0003 for all): on a veth
 *   the peer's TCP arrives in segmentation-offload frames of up to 64 KiB, cut to this port's buffer (send one
 *   segment per frame: `ip link set IF gso_max_segs 1`), with checksums left to offload (ipv6-checksum.ts).
 */
import { readFile } from 'node:fs/promises';
import { closeSync, writeSync } from 'node:fs';
import { endianness, platform } from 'node:os';
import { Subject } from 'rxjs';
import { ETHERTYPE_HOMEPLUG_AV, parseMac, type MacAddress } from '../../codecs/slac/index.js';
import { readBlocking, timeval } from '../blocking-reader.js';
import { EACCES, EPERM, loadSocketLibc, SO_RCVTIMEO, SOCK_RAW, SOL_SOCKET } from '../socket-libc.js';
import type { FramePort } from './frame-port.js';

export type RawEthernetUnavailableReason = 'platform' | 'ffi' | 'interface' | 'permission' | 'socket';

/** Raw Ethernet cannot be had here; `reason` says which precondition failed, the message what to do about it. */
export class RawEthernetUnavailableError extends Error {
  override readonly name = 'RawEthernetUnavailableError';

  constructor(
    readonly reason: RawEthernetUnavailableReason,
    readonly iface: string,
    detail: string,
  ) {
    super(`raw Ethernet on ${iface} unavailable (${reason}): ${detail}`);
  }
}

/** A send or receive the kernel refused (interface gone or down, frame too long), with its errno code. */
export class RawEthernetIoError extends Error {
  override readonly name = 'RawEthernetIoError';

  constructor(
    readonly iface: string,
    readonly operation: 'send' | 'receive',
    readonly code: string,
  ) {
    super(`raw Ethernet ${operation} on ${iface} failed: ${code}`);
  }
}

export interface AfPacketOptions {
  /** How long one blocking read may wait before it is re-armed, i.e. how soon `close()` lets the process exit. Default 100 ms. */
  readonly receiveTimeoutMs?: number;
  /** EtherType to bind to. Default 0x88E1 (HomePlug AV). */
  readonly etherType?: number;
}

const AF_PACKET = 17;
/** struct sockaddr_ll: family, protocol, ifindex, hatype, pkttype, halen, addr[8]. */
const SOCKADDR_LL_SIZE = 20;
/** Larger than any Ethernet frame without jumbo frames (1514 + VLAN tag). */
const RECEIVE_BUFFER = 1_600;

/** Opens a packet socket on `iface` bound to EtherType 0x88E1; its MAC is the interface's. */
export async function openAfPacketPort(iface: string, options: AfPacketOptions = {}): Promise<FramePort> {
  if (platform() !== 'linux') throw new RawEthernetUnavailableError('platform', iface, `AF_PACKET is Linux only, this is ${platform()}`);
  const mac = await interfaceMac(iface);
  const libc = await loadSocketLibc((detail) => new RawEthernetUnavailableError('ffi', iface, detail));
  const etherType = options.etherType ?? ETHERTYPE_HOMEPLUG_AV;
  const ifindex = libc.if_nametoindex(iface);
  if (ifindex === 0) throw new RawEthernetUnavailableError('interface', iface, 'if_nametoindex found no such interface');

  const fd = libc.socket(AF_PACKET, SOCK_RAW, networkOrder16(etherType));
  if (fd < 0) {
    const errno = libc.errno();
    if (errno === EPERM || errno === EACCES) {
      throw new RawEthernetUnavailableError('permission', iface, 'a packet socket needs root or CAP_NET_RAW');
    }
    throw new RawEthernetUnavailableError('socket', iface, `socket(AF_PACKET) failed, errno ${errno}`);
  }
  try {
    if (libc.bind(fd, sockaddrLl(etherType, ifindex), SOCKADDR_LL_SIZE) !== 0) {
      throw new RawEthernetUnavailableError('socket', iface, `bind failed, errno ${libc.errno()}`);
    }
    const timeout = timeval(options.receiveTimeoutMs ?? 100);
    if (libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length) !== 0) {
      throw new RawEthernetUnavailableError('socket', iface, `SO_RCVTIMEO failed, errno ${libc.errno()}`);
    }
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return packetPort(iface, fd, mac);
}

function packetPort(iface: string, fd: number, mac: MacAddress): FramePort {
  const frames = new Subject<Uint8Array>();
  let closing = false;
  const reader = readBlocking(fd, RECEIVE_BUFFER, {
    data: (frame) => frames.next(frame),
    error: (code) => {
      closing = true;
      frames.error(new RawEthernetIoError(iface, 'receive', code));
    },
    closed: () => frames.complete(),
  });
  return {
    mac,
    frames$: frames.asObservable(),
    send(frame) {
      if (closing) return;
      try {
        writeSync(fd, frame);
      } catch (err) {
        throw new RawEthernetIoError(iface, 'send', (err as NodeJS.ErrnoException).code ?? String(err));
      }
    },
    close() {
      closing = true;
      reader.close();
    },
  };
}

async function interfaceMac(iface: string): Promise<MacAddress> {
  if (!/^[\w.:-]{1,15}$/.test(iface)) throw new RawEthernetUnavailableError('interface', iface, 'not an interface name');
  try {
    return parseMac((await readFile(`/sys/class/net/${iface}/address`, 'utf8')).trim());
  } catch (err) {
    throw new RawEthernetUnavailableError('interface', iface, `no MAC address in /sys/class/net (${(err as Error).message})`);
  }
}

/** htons: the protocol argument of socket() and sockaddr_ll is in network byte order. */
function networkOrder16(value: number): number {
  return endianness() === 'LE' ? ((value & 0xff) << 8) | (value >> 8) : value;
}

function sockaddrLl(etherType: number, ifindex: number): Buffer {
  const address = Buffer.alloc(SOCKADDR_LL_SIZE);
  const le = endianness() === 'LE';
  if (le) address.writeUInt16LE(AF_PACKET, 0);
  else address.writeUInt16BE(AF_PACKET, 0);
  address.writeUInt16BE(etherType, 2);
  if (le) address.writeInt32LE(ifindex, 4);
  else address.writeInt32BE(ifindex, 4);
  return address;
}
