/**
 * A CAN bus inside the process: every port receives what the others send (a copy, so a sender may reuse its
 * buffer), synchronously, in order. For the demo's simulated vehicle network and the tests; it carries CAN FD.
 */
import { Subject } from 'rxjs';
import { checkedFrame, type CanFrame } from '../../codecs/can/can-frame.js';
import type { CanPort } from './can-port.js';

export interface MemoryCanBus {
  /** A new node on the bus. */
  port(name: string): CanPort;
}

export function createMemoryCanBus(): MemoryCanBus {
  const ports = new Set<{ readonly deliver: (frame: CanFrame) => void }>();
  return {
    port(name) {
      const frames = new Subject<CanFrame>();
      const self = { deliver: (frame: CanFrame) => frames.next(frame) };
      ports.add(self);
      return {
        name: `memory:${name}`,
        fd: true,
        frames$: frames.asObservable(),
        send(frame) {
          if (!ports.has(self)) return;
          checkedFrame(frame);
          for (const other of [...ports]) if (other !== self) other.deliver({ ...frame, data: Uint8Array.from(frame.data) });
        },
        close() {
          if (!ports.delete(self)) return;
          frames.complete();
        },
      };
    },
  };
}
