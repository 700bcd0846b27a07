/**
 * The kernel's CAN frame structures of SocketCAN's raw sockets (linux/can.h), in the host's byte order:
 * struct can_frame (CAN_MTU, 16 bytes: can_id, len, pad, res, len8_dlc, data[8]) and struct canfd_frame (CANFD_MTU,
 * 72 bytes: can_id, len, flags, res0, res1, data[64]); and struct sockaddr_can to bind to an interface.
 */
import { endianness } from 'node:os';
import { checkedFrame, CanFrameError, dlcOf, type CanFrame } from '../../codecs/can/can-frame.js';

export const AF_CAN = 29;
export const CAN_RAW = 1;
/** SOL_CAN_BASE + CAN_RAW. */
export const SOL_CAN_RAW = 101;
/** Let the raw socket send and receive struct canfd_frame. */
export const CAN_RAW_FD_FRAMES = 5;
export const CAN_MTU = 16;
export const CANFD_MTU = 72;
/** sizeof(struct sockaddr_can) on 64-bit Linux: family, ifindex, and the largest address union member (J1939's). */
export const SOCKADDR_CAN_SIZE = 24;

const CAN_EFF_FLAG = 0x8000_0000;
const CAN_RTR_FLAG = 0x4000_0000;
const CAN_ERR_FLAG = 0x2000_0000;
const CAN_EFF_MASK = 0x1fff_ffff;
const CAN_SFF_MASK = 0x7ff;
const CANFD_BRS = 0x01;
/** Set by the kernel on every CAN FD frame since Linux 6.0; older kernels tell FD only by the MTU. */
const CANFD_FDF = 0x04;

const le = endianness() === 'LE';

export function frameToKernel(frame: CanFrame): Buffer {
  checkedFrame(frame);
  const bytes = Buffer.alloc(frame.fd ? CANFD_MTU : CAN_MTU);
  const id = (frame.id | (frame.extended ? CAN_EFF_FLAG : 0) | (frame.rtr ? CAN_RTR_FLAG : 0)) >>> 0;
  if (le) bytes.writeUInt32LE(id, 0);
  else bytes.writeUInt32BE(id, 0);
  bytes[4] = frame.data.length;
  if (frame.fd) bytes[5] = CANFD_FDF | (frame.brs ? CANFD_BRS : 0);
  if (!frame.rtr) bytes.set(frame.data, 8);
  return bytes;
}

/** The frame a read returned; `undefined` for an error frame (the controller's report, not traffic). */
export function frameFromKernel(bytes: Uint8Array): CanFrame | undefined {
  if (bytes.length !== CAN_MTU && bytes.length !== CANFD_MTU) throw new CanFrameError(`a SocketCAN read of ${bytes.length} bytes, neither CAN_MTU nor CANFD_MTU`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const raw = view.getUint32(0, le);
  if (raw & CAN_ERR_FLAG) return undefined;
  const extended = (raw & CAN_EFF_FLAG) !== 0;
  const fd = bytes.length === CANFD_MTU;
  const length = bytes[4]!;
  if (length > (fd ? 64 : 8)) throw new CanFrameError(`a SocketCAN frame says ${length} data bytes`);
  if (fd) dlcOf(length, true);
  const rtr = !fd && (raw & CAN_RTR_FLAG) !== 0;
  return checkedFrame({
    id: raw & (extended ? CAN_EFF_MASK : CAN_SFF_MASK),
    extended,
    fd,
    ...(fd && bytes[5]! & CANFD_BRS ? { brs: true } : {}),
    ...(rtr ? { rtr: true } : {}),
    data: rtr ? new Uint8Array(length) : Uint8Array.from(bytes.subarray(8, 8 + length)),
  });
}

export function sockaddrCan(ifindex: number): Buffer {
  const address = Buffer.alloc(SOCKADDR_CAN_SIZE);
  if (le) {
    address.writeUInt16LE(AF_CAN, 0);
    address.writeInt32LE(ifindex, 4);
  } else {
    address.writeUInt16BE(AF_CAN, 0);
    address.writeInt32BE(ifindex, 4);
  }
  return address;
}

/** An int option value (setsockopt). */
export function intOption(value: number): Buffer {
  const option = Buffer.alloc(4);
  if (le) option.writeInt32LE(value, 0);
  else option.writeInt32BE(value, 0);
  return option;
}
