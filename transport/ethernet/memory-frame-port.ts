/**
 * Frame ports that live in the process: the ends of an in-memory cable between hosts, or a host's side of the
 * software modem. Delivery is synchronous; whoever needs latency (the software modem) schedules it on its clock.
 */
import { Subject } from 'rxjs';
import type { MacAddress } from '../../codecs/slac/index.js';
import type { FramePort } from './frame-port.js';

/** A frame port whose sent frames go to `transmit` and whose received frames are handed in by `deliver`. */
export interface MemoryFramePort extends FramePort {
  deliver(frame: Uint8Array): void;
  readonly closed: boolean;
}

export function memoryFramePort(mac: MacAddress, transmit: (frame: Uint8Array) => void): MemoryFramePort {
  const frames = new Subject<Uint8Array>();
  let closed = false;
  return {
    mac,
    frames$: frames.asObservable(),
    get closed() {
      return closed;
    },
    send(frame) {
      if (!closed) transmit(Uint8Array.from(frame));
    },
    deliver(frame) {
      if (!closed) frames.next(frame);
    },
    close() {
      if (closed) return;
      closed = true;
      frames.complete();
    },
  };
}

/**
 * Two hosts joined back to back by a cable without modems: each receives what the other sends (a copy, so a
 * sender may reuse its buffer). For tests of one layer against another; SLAC pairing needs the software modem.
 */
export function memoryFramePorts(macA: MacAddress, macB: MacAddress): [FramePort, FramePort] {
  const a: MemoryFramePort = memoryFramePort(macA, (frame) => b.deliver(frame));
  const b: MemoryFramePort = memoryFramePort(macB, (frame) => a.deliver(frame));
  return [a, b];
}
