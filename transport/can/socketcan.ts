/**
 * A CAN bus on a Linux SocketCAN interface (can0, vcan0, a USB adapter's gs_usb or peak_usb netdev), as a CanPort:
 * a raw socket (AF_CAN, SOCK_RAW, CAN_RAW) opened through libc with koffi, as the raw-Ethernet transport does. CAN
 * FD frames need CAN_RAW_FD_FRAMES on the socket and an interface whose MTU is CANFD_MTU (`ip link set can0 type can
 * bitrate 500000 dbitrate 2000000 fd on`).
 *
 * Loaded on demand (`await import(...)`), so the stack runs where koffi or AF_CAN cannot be had; `openSocketCanPort`
 * rejects with a CanUnavailableError that says what to do: load the kernel module, bring the interface up, etc.
 */
import { readFile } from 'node:fs/promises';
import { closeSync, writeSync } from 'node:fs';
import { platform } from 'node:os';
import { Subject } from 'rxjs';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { readBlocking, timeval } from '../blocking-reader.js';
import { EACCES, EPERM, loadSocketLibc, SO_RCVTIMEO, SOCK_RAW, SOL_SOCKET, type SocketLibc } from '../socket-libc.js';
import { CanIoError, CanUnavailableError, type CanPort } from './can-port.js';
import { AF_CAN, CAN_RAW, CAN_RAW_FD_FRAMES, CANFD_MTU, frameFromKernel, frameToKernel, intOption, SOCKADDR_CAN_SIZE, sockaddrCan, SOL_CAN_RAW } from './socketcan-frames.js';

export interface SocketCanOptions {
  /** Send and receive CAN FD frames; the interface must be configured for CAN FD. Default: as the interface's MTU says. */
  readonly fd?: boolean;
  /** How long one blocking read may wait before it is re-armed, i.e. how soon `close()` lets the process exit. Default 100 ms. */
  readonly receiveTimeoutMs?: number;
  readonly warn?: (line: string) => void;
}

const EAFNOSUPPORT = 97;
const EPROTONOSUPPORT = 93;

export async function openSocketCanPort(iface: string, options: SocketCanOptions = {}): Promise<CanPort> {
  if (platform() !== 'linux') throw new CanUnavailableError('platform', iface, `SocketCAN is Linux only, this is ${platform()}`);
  if (!/^[\w.:-]{1,15}$/.test(iface)) throw new CanUnavailableError('device', iface, 'not an interface name');
  const libc = await loadSocketLibc((detail) => new CanUnavailableError('platform', iface, detail));
  const fd = libc.socket(AF_CAN, SOCK_RAW, CAN_RAW);
  if (fd < 0) {
    const errno = libc.errno();
    if (errno === EAFNOSUPPORT || errno === EPROTONOSUPPORT) {
      throw new CanUnavailableError('kernel', iface, 'the kernel has no CAN raw sockets: load them with `modprobe can-raw` (and `modprobe vcan` for a virtual bus), or use --slcan with a serial adapter');
    }
    if (errno === EPERM || errno === EACCES) throw new CanUnavailableError('permission', iface, 'a CAN raw socket was refused');
    throw new CanUnavailableError('socket', iface, `socket(AF_CAN) failed, errno ${errno}`);
  }
  try {
    const ifindex = libc.if_nametoindex(iface);
    if (ifindex === 0) throw new CanUnavailableError('device', iface, `no such interface (ip link show; for a virtual bus: ip link add ${iface} type vcan && ip link set ${iface} up)`);
    const fdCapable = (await interfaceMtu(iface)) === CANFD_MTU;
    const fdFrames = options.fd ?? fdCapable;
    if (fdFrames && !fdCapable) throw new CanUnavailableError('capability', iface, `not configured for CAN FD (ip link set ${iface} type can … fd on)`);
    if (fdFrames) setOption(libc, fd, iface, SOL_CAN_RAW, CAN_RAW_FD_FRAMES, intOption(1), 'CAN_RAW_FD_FRAMES');
    setOption(libc, fd, iface, SOL_SOCKET, SO_RCVTIMEO, timeval(options.receiveTimeoutMs ?? 100), 'SO_RCVTIMEO');
    if (libc.bind(fd, sockaddrCan(ifindex), SOCKADDR_CAN_SIZE) !== 0) throw new CanUnavailableError('socket', iface, `bind failed, errno ${libc.errno()}`);
    return rawPort(iface, fd, fdFrames, options.warn ?? ((): void => undefined));
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function rawPort(iface: string, fd: number, fdFrames: boolean, warn: (line: string) => void): CanPort {
  const frames = new Subject<CanFrame>();
  let closing = false;
  const reader = readBlocking(fd, CANFD_MTU, {
    data: (bytes) => {
      try {
        const frame = frameFromKernel(bytes);
        if (frame) frames.next(frame);
      } catch (err) {
        warn(`${iface}: ${(err as Error).message}, dropped`);
      }
    },
    error: (code) => {
      closing = true;
      frames.error(new CanIoError(iface, 'receive', code));
    },
    closed: () => frames.complete(),
  });
  return {
    name: iface,
    fd: fdFrames,
    frames$: frames.asObservable(),
    send(frame) {
      if (closing) return;
      if (frame.fd && !fdFrames) throw new CanIoError(iface, 'send', 'a CAN FD frame on a classical CAN socket');
      try {
        writeSync(fd, frameToKernel(frame));
      } catch (err) {
        // ENOBUFS: the interface's transmit queue is full (nobody acknowledges on the bus); the caller decides.
        throw new CanIoError(iface, 'send', (err as NodeJS.ErrnoException).code ?? String(err));
      }
    },
    close() {
      closing = true;
      reader.close();
    },
  };
}

function setOption(libc: SocketLibc, fd: number, iface: string, level: number, name: number, value: Buffer, what: string): void {
  if (libc.setsockopt(fd, level, name, value, value.length) !== 0) throw new CanUnavailableError('socket', iface, `${what} failed, errno ${libc.errno()}`);
}

async function interfaceMtu(iface: string): Promise<number | undefined> {
  try {
    return Number((await readFile(`/sys/class/net/${iface}/mtu`, 'utf8')).trim());
  } catch {
    return undefined;
  }
}
