/**
 * SLAC as the stack's first layer (ISO 15118-3): before any IP packet may cross the cable, the EV finds the EVSE it is
 * plugged into and both modems join that EVSE's fresh network. Each run gets its randomness here, so the machines
 * stay pure: the EV's RunID and the EVSE's NMK come from node:crypto. The actors carry the stack's ids
 * (`evcc/slac-ev`, `secc/slac-evse`) and take the stack's `inspect`, so the inspector shows them beside SDP and the
 * session.
 */
import { randomBytes } from 'node:crypto';
import type { Observable } from 'rxjs';
import type { InspectionEvent } from 'xstate';
import { cryptoRandom, generateNmk, RUN_ID_LENGTH } from '../../codecs/slac/index.js';
import type { SlacTiming } from '../../machines/slac/slac-timers.js';
import type { FramePort } from '../../transport/ethernet/frame-port.js';
import type { Clock } from '../../base/clock.js';
import { runSlacEv, type SlacEvRun } from '../slac/run-slac-ev.js';
import { runSlacEvse, type SlacEvseRun } from '../slac/run-slac-evse.js';

export interface SlacLayerOptions {
  /** This host's side of its PLC modem: raw Ethernet on the PLC interface, or the software modem's port. */
  readonly port: FramePort;
  /**
   * The local modem's link state. Absent for a modem reached over raw Ethernet, which reports no link here: its
   * CM_SET_KEY.CNF (EV) or the sent CM_SLAC_MATCH.CNF (EVSE) then stands for the link, as EVerest does.
   */
  readonly link$?: Observable<boolean>;
  /** Drives the standard's SLAC timers; default the system clock. */
  readonly clock?: Clock;
  /** Overrides of the standard's timers and counters (machines/slac/slac-timers.ts). */
  readonly timing?: Partial<SlacTiming>;
  readonly inspect?: (event: InspectionEvent) => void;
  /** One line per frame dropped or not sent. */
  readonly log?: (line: string) => void;
}

export const EV_SLAC_ACTOR_ID = 'evcc/slac-ev';
export const EVSE_SLAC_ACTOR_ID = 'secc/slac-evse';

/** The EV's matching with a fresh random RunID; `result` settles when the link is up or the run failed. */
export function startEvSlac(options: SlacLayerOptions): SlacEvRun {
  const { port, link$, clock, inspect, log } = options;
  return runSlacEv({
    port,
    link$,
    clock,
    inspect,
    log,
    id: EV_SLAC_ACTOR_ID,
    input: { mac: port.mac, runId: new Uint8Array(randomBytes(RUN_ID_LENGTH)), timing: options.timing, linkDetection: link$ !== undefined },
  });
}

/** The EVSE's answer to one EV with a fresh random NMK, so that no EV matched before can rejoin without matching. */
export function startEvseSlac(options: SlacLayerOptions): SlacEvseRun {
  const { port, link$, clock, inspect, log } = options;
  return runSlacEvse({
    port,
    link$,
    clock,
    inspect,
    log,
    id: EVSE_SLAC_ACTOR_ID,
    input: { mac: port.mac, nmk: generateNmk(cryptoRandom), timing: options.timing, linkDetection: link$ !== undefined },
  });
}

/**
 * Raw Ethernet on a PLC interface for SLAC. The AF_PACKET transport (and with it the koffi FFI) is loaded only here,
 * so the rest of the stack runs where raw sockets cannot be had; where they cannot, this rejects with the
 * transport's RawEthernetUnavailableError, whose message says what is missing (platform, FFI, interface, CAP_NET_RAW).
 */
export async function openSlacInterface(iface: string): Promise<FramePort> {
  const { openAfPacketPort } = await import('../../transport/ethernet/af-packet.js');
  return openAfPacketPort(iface);
}
