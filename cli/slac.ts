/**
 * `--slac` on the command line: the demo's in-process pairing, and on a real interface the raw Ethernet it needs,
 * with the reason in one line where it cannot be had.
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import { formatMac, type MacAddress } from '../codecs/slac/index.js';
import { systemClock } from '../base/clock.js';
import { openSlacInterface, startEvSlac } from '../actors/stack/slac-link.js';
import { startSimulatedSlacLink, type SimulatedSlacLink } from '../actors/stack/simulated-slac-link.js';
import type { FramePort } from '../transport/ethernet/frame-port.js';
import type { PcapRecorder } from '../actors/capture/pcap-recorder.js';
import { recordedFramePort } from '../actors/capture/recorded-frame-port.js';

/** The demo's EVSE host MAC (locally administered, beside the demo's EVCCID 02:4b:50:48:00:01). */
const DEMO_EVSE_MAC = Uint8Array.of(0x02, 0x4b, 0x50, 0x48, 0x00, 0x02);

export interface DemoSlac {
  readonly link: SimulatedSlacLink;
  /** undefined once both sides matched; else why not. */
  readonly failure: Promise<string | undefined>;
}

export interface DemoSlacOptions {
  readonly evMac: MacAddress;
  /** Shows a side's states (the live view). */
  readonly follow: (role: string, actor: AnyActorRef) => void;
  readonly inspect?: (event: InspectionEvent) => void;
  readonly log: (line: string) => void;
  /** `--pcap`: the EV's SLAC frames go to the capture's Ethernet interface. */
  readonly pcap?: PcapRecorder;
}

/** `demo --slac`: EV and EVSE match through the modem simulator. */
export function demoSlac({ evMac, follow, inspect, log, pcap }: DemoSlacOptions): DemoSlac {
  const link = startSimulatedSlacLink({ clock: systemClock, evMac, evseMac: DEMO_EVSE_MAC, inspect, log, pcap });
  follow('EVCC SLAC', link.ev.actor);
  follow('SECC SLAC', link.evse.actor);
  const failure = link.outcome.then(({ ev, evse }) => {
    if (ev.result !== 'matched') return `EV: ${ev.reason}`;
    if (evse.result !== 'matched') return `EVSE: ${evse.reason}`;
    log(`SLAC: EV ${formatMac(evse.evMac)} matched EVSE ${formatMac(ev.evseMac)}`);
    return undefined;
  });
  return { link, failure };
}

/**
 * `--slac --iface IF`: raw Ethernet on IF, its frames recorded when `pcap` is given; a missing interface, FFI or
 * permission is one line naming it.
 */
export async function slacPort(iface: string, pcap?: PcapRecorder): Promise<FramePort> {
  try {
    const port = await openSlacInterface(iface);
    return pcap ? recordedFramePort(port, pcap) : port;
  } catch (e) {
    throw new Error(`--slac: ${(e as Error).message}`, { cause: e });
  }
}

export interface InterfaceSlacOptions {
  readonly iface: string;
  /** Shows the SLAC actor's states (the live view). */
  readonly follow?: (actor: AnyActorRef) => void;
  readonly inspect?: (event: InspectionEvent) => void;
  readonly log: (line: string) => void;
  readonly pcap?: PcapRecorder;
}

/**
 * `evcc --slac --iface IF`: the EV's matching on IF. Resolves once the link is up, with what ends the run and closes
 * the port (after the session); rejects, everything closed, when it cannot run or did not match.
 */
export async function matchEvOn(options: InterfaceSlacOptions): Promise<() => void> {
  const port = await slacPort(options.iface, options.pcap);
  const run = startEvSlac({ port, inspect: options.inspect, log: options.log });
  const close = (): void => {
    run.stop();
    port.close();
  };
  options.follow?.(run.actor);
  const outcome = await run.result.catch((e: unknown) => ({ result: 'failed' as const, reason: (e as Error).message }));
  if (outcome.result === 'matched') return close;
  close();
  throw new Error(`SLAC failed: ${outcome.reason}`);
}
