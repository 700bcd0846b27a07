/**
 * `--slac --pcap`: a PLC interface's port whose every frame, sent or received, also goes to the capture's Ethernet
 * interface, so the SLAC exchange sits in the same file as the SDP and V2G traffic that follows it.
 */
import { tap } from 'rxjs';
import type { FramePort } from '../../transport/ethernet/frame-port.js';
import type { PcapRecorder } from './pcap-recorder.js';

/** `now`: epoch milliseconds for the capture's timestamps. */
export function recordedFramePort(port: FramePort, pcap: PcapRecorder, now: () => number = Date.now): FramePort {
  return {
    mac: port.mac,
    frames$: port.frames$.pipe(tap((frame) => pcap.ethernet(frame, now()))),
    send(frame) {
      pcap.ethernet(frame, now());
      port.send(frame);
    },
    close: () => port.close(),
  };
}
