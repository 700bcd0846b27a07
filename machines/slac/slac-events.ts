/**
 * The typed events at the boundary between the SLAC machines and the actor that carries their frames. Both machines
 * receive decoded frames and link changes, and ask for I/O only by emitting; the actor in actors/slac serialises
 * what they send and parses what arrives (a frame that does not parse never reaches a machine).
 */
import type { CmSetKeyReq, MacAddress, SlacMessage } from '../../codecs/slac/index.js';

export type SlacEvent =
  /** A decoded management message from the Ethernet, with the source MAC it arrived from. */
  | { readonly type: 'slac.frame'; readonly frame: SlacMessage; readonly source: MacAddress }
  /** The local modem reports the logical network (AVLN) of the set key up. */
  | { readonly type: 'slac.linkUp' }
  /** The local modem reports the logical network down. */
  | { readonly type: 'slac.linkDown' }
  /** The run is over (the session ended, the cable was unplugged): leave, with the outcome so far. */
  | { readonly type: 'slac.stop' };

export type SlacEmitted =
  /** Send this frame; `destination` is its ODA. */
  | { readonly type: 'slac.send'; readonly frame: SlacMessage; readonly destination: MacAddress }
  /**
   * Send this CM_SET_KEY.REQ to the local modem: join the network of `nmk`/`nid`. Sent like `slac.send`; a separate
   * event so that observers see the key change.
   */
  | {
      readonly type: 'slac.setKey';
      readonly nmk: Uint8Array;
      readonly nid: Uint8Array;
      readonly frame: CmSetKeyReq;
      readonly destination: MacAddress;
    }
  /** The match is done and the link is up ("D-LINK_READY"): IP traffic may flow. Emitted again after a recovered link loss. */
  | { readonly type: 'slac.linkReady'; readonly nmk: Uint8Array; readonly nid: Uint8Array; readonly peer: MacAddress };

export type SlacSend = Extract<SlacEmitted, { type: 'slac.send' | 'slac.setKey' }>;

/** How an EV run ended: the machine's output. */
export type EvSlacOutcome =
  | { readonly result: 'matched'; readonly nmk: Uint8Array; readonly nid: Uint8Array; readonly evseMac: MacAddress }
  | { readonly result: 'failed'; readonly reason: string };

/** How an EVSE run ended: the machine's output. */
export type EvseSlacOutcome =
  | { readonly result: 'matched'; readonly nmk: Uint8Array; readonly nid: Uint8Array; readonly evMac: MacAddress }
  | { readonly result: 'failed'; readonly reason: string };
