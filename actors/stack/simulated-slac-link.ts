/**
 * SLAC without hardware, for the demo: the EV and the EVSE match through the software PLC modem SIMULATOR in this
 * process, on one clock, each behind its own simulated modem with link detection. Only the matching runs on it:
 * what follows (SDP, the session) uses the process's own sockets.
 */
import type { InspectionEvent } from 'xstate';
import type { MacAddress } from '../../codecs/slac/index.js';
import { SimulatedPlcBundle } from '../../adapters/simulators/plc-modem.js';
import type { EvSlacOutcome, EvseSlacOutcome } from '../../machines/slac/slac-events.js';
import type { Clock } from '../../base/clock.js';
import type { PcapRecorder } from '../capture/pcap-recorder.js';
import { recordedFramePort } from '../capture/recorded-frame-port.js';
import type { SlacEvRun } from '../slac/run-slac-ev.js';
import type { SlacEvseRun } from '../slac/run-slac-evse.js';
import { startEvSlac, startEvseSlac } from './slac-link.js';

export interface SimulatedSlacLinkOptions {
  readonly clock: Clock;
  readonly evMac: MacAddress;
  readonly evseMac: MacAddress;
  /** The mean attenuation (dB) at which the EVSE's modem hears the EV; default the simulator's 20. */
  readonly attenuation?: number;
  readonly inspect?: (event: InspectionEvent) => void;
  readonly log?: (line: string) => void;
  /** Records the EV's frames (what it sent and what its modem delivered), as a capture on the EV's PLC interface would. */
  readonly pcap?: PcapRecorder;
}

export interface SimulatedSlacLink {
  readonly ev: SlacEvRun;
  readonly evse: SlacEvseRun;
  /** Both sides' outcomes once each has matched or failed. */
  readonly outcome: Promise<{ readonly ev: EvSlacOutcome; readonly evse: EvseSlacOutcome }>;
  /** Ends both runs and unplugs the modems. */
  close(): void;
}

export function startSimulatedSlacLink(options: SimulatedSlacLinkOptions): SimulatedSlacLink {
  const { clock, inspect, log } = options;
  const bundle = new SimulatedPlcBundle({ clock });
  const evseHost = bundle.attach({ mac: options.evseMac, role: 'evse', attenuation: options.attenuation });
  const evHost = bundle.attach({ mac: options.evMac, role: 'ev' });
  // The charger waits for the car: its run is up before the EV's CM_SLAC_PARAM.REQ, whose retries last 600 ms.
  const evse = startEvseSlac({ port: evseHost.port, link$: evseHost.link$, clock, inspect, log });
  const evPort = options.pcap ? recordedFramePort(evHost.port, options.pcap) : evHost.port;
  const ev = startEvSlac({ port: evPort, link$: evHost.link$, clock, inspect, log });
  return {
    ev,
    evse,
    // An EV that gives up ends the EVSE's run too, which would otherwise wait for it up to TT_EVSE_match_session.
    outcome: ev.result.then(async (evOutcome) => {
      if (evOutcome.result !== 'matched') evse.stop();
      return { ev: evOutcome, evse: await evse.result };
    }),
    close() {
      ev.stop();
      evse.stop();
      bundle.close();
    },
  };
}
