/**
 * `--slac` on the command line: the demo's in-process pairing, and on a real interface the raw Ethernet it needs,
 * with the reason in one line where it cannot be had.
 */
import type { AnyActorRef } from 'xstate';
import { formatMac, type MacAddress } from '../codecs/slac/index.js';
import { systemClock } from '../actors/runtime/clock.js';
import { openSlacInterface } from '../actors/stack/slac-link.js';
import { startSimulatedSlacLink, type SimulatedSlacLink } from '../actors/stack/simulated-slac-link.js';
import type { FramePort } from '../transport/ethernet/frame-port.js';

/** The demo's EVSE host MAC (locally administered, beside the demo's EVCCID 02:4b:50:48:00:01). */
const DEMO_EVSE_MAC = Uint8Array.of(0x02, 0x4b, 0x50, 0x48, 0x00, 0x02);

export interface DemoSlac {
  readonly link: SimulatedSlacLink;
  /** undefined once both sides matched; else why not. */
  readonly failure: Promise<string | undefined>;
}

/** `demo --slac`: EV and EVSE match through the modem simulator; `follow` shows each side's states. */
export function demoSlac(evMac: MacAddress, follow: (role: string, actor: AnyActorRef) => void, log: (line: string) => void): DemoSlac {
  const link = startSimulatedSlacLink({ clock: systemClock, evMac, evseMac: DEMO_EVSE_MAC, log });
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

/** `--slac --iface IF`: raw Ethernet on IF; a missing interface, FFI or permission is one line naming it. */
export async function slacPort(iface: string): Promise<FramePort> {
  try {
    return await openSlacInterface(iface);
  } catch (e) {
    throw new Error(`--slac: ${(e as Error).message}`, { cause: e });
  }
}
