/**
 * A CAN bus through a Lawicel/SLCAN serial adapter (CANable, CANtact, USBtin and their clones), as a CanPort.
 *
 * Node has no serial API; a serial device is a tty, and Node's tty.ReadStream reads one without blocking a thread
 * and puts it in raw mode (no line editing, no echo, no CR/LF translation), which is all SLCAN needs: USB CDC-ACM
 * adapters ignore the serial baud rate, and one behind a real UART is set beforehand (`stty -F DEV 115200`). So no
 * serial package is needed. Reads and writes use two descriptors of the device, each owned by one side: the read
 * stream closes its own.
 *
 * Opening: close the channel (it may be open from an earlier run), set the bit rate (`S6` = 500 kbit/s), for CAN FD
 * the data bit rate (`Y2`), then open (`O`). The adapter's replies (CR, BEL) carry no frames and are skipped.
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import { Subject } from 'rxjs';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { parseSlcanLine, SLCAN_BITRATES, SLCAN_DATA_BITRATES, slcanLine, slcanLineSplitter, SlcanError } from '../../codecs/can/slcan-lines.js';
import { CanIoError, CanUnavailableError, type CanPort } from './can-port.js';

export interface SlcanOptions {
  /** The bus's (arbitration) bit rate, bit/s; one of SLCAN_BITRATES. Default 500 kbit/s. */
  readonly bitrate?: number;
  /** CAN FD: the data-phase bit rate, bit/s; one of SLCAN_DATA_BITRATES. Absent: a classical bus. */
  readonly dataBitrate?: number;
  /** Lines that are not frames the protocol can say, dropped; default: ignored. */
  readonly warn?: (line: string) => void;
}

export function openSlcanPort(device: string, options: SlcanOptions = {}): CanPort {
  const bitrate = options.bitrate ?? 500_000;
  const bitrateCommand = SLCAN_BITRATES.get(bitrate);
  if (bitrateCommand === undefined) throw new RangeError(`SLCAN bit rate ${bitrate}: one of ${[...SLCAN_BITRATES.keys()].join(', ')}`);
  const dataCommand = options.dataBitrate === undefined ? undefined : SLCAN_DATA_BITRATES.get(options.dataBitrate);
  if (options.dataBitrate !== undefined && dataCommand === undefined) {
    throw new RangeError(`SLCAN data bit rate ${options.dataBitrate}: one of ${[...SLCAN_DATA_BITRATES.keys()].join(', ')}`);
  }
  const readFd = openDevice(device);
  let writeFd: number;
  try {
    writeFd = openDevice(device);
  } catch (err) {
    closeSync(readFd);
    throw err;
  }
  const warn = options.warn ?? ((): void => undefined);
  const frames = new Subject<CanFrame>();
  const input = new ReadStream(readFd);
  input.setRawMode(true);
  let closed = false;

  const write = (text: string): void => {
    try {
      writeSync(writeFd, text);
    } catch (err) {
      throw new CanIoError(device, 'send', (err as NodeJS.ErrnoException).code ?? String(err));
    }
  };
  const finish = (error?: Error): void => {
    if (closed) return;
    closed = true;
    input.destroy();
    closeSync(writeFd);
    if (error) frames.error(error);
    else frames.complete();
  };

  const split = slcanLineSplitter(
    (line) => {
      try {
        const frame = parseSlcanLine(line);
        if (frame) frames.next(frame);
      } catch (err) {
        if (!(err instanceof SlcanError)) throw err;
        warn(`${device}: ${err.message}, dropped`);
      }
    },
    (length) => warn(`${device}: ${length} bytes without a line end, dropped`),
  );
  input.on('data', (chunk: Buffer) => split(chunk));
  input.on('error', (err: NodeJS.ErrnoException) => finish(new CanIoError(device, 'receive', err.code ?? err.message)));
  // The device went away (adapter unplugged, the peer end of a pseudo-terminal closed).
  input.on('end', () => finish(new CanIoError(device, 'receive', 'the device closed')));

  try {
    write('C\r');
    write(`${bitrateCommand}\r`);
    if (dataCommand) write(`${dataCommand}\r`);
    write('O\r');
  } catch (err) {
    finish();
    throw err;
  }
  return {
    name: device,
    fd: dataCommand !== undefined,
    frames$: frames.asObservable(),
    send(frame) {
      if (closed) return;
      if (frame.fd && dataCommand === undefined) throw new CanIoError(device, 'send', 'a CAN FD frame on a classical SLCAN port (give a data bit rate)');
      write(slcanLine(frame));
    },
    close() {
      if (closed) return;
      try {
        write('C\r');
      } catch {
        // The adapter is gone; closing the port is all that is left to do.
      }
      finish();
    },
  };
}


function openDevice(device: string): number {
  let fd: number;
  try {
    fd = openSync(device, constants.O_RDWR | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CanUnavailableError('device', device, 'no such device: is the adapter plugged in (ls /dev/ttyACM* /dev/ttyUSB*)?');
    if (code === 'EACCES' || code === 'EPERM') throw new CanUnavailableError('permission', device, 'no access: add the user to the dialout group');
    throw new CanUnavailableError('device', device, `open failed: ${code ?? (err as Error).message}`);
  }
  if (!isatty(fd)) {
    closeSync(fd);
    throw new CanUnavailableError('device', device, 'not a serial device (tty)');
  }
  return fd;
}
