/**
 * SIMULATOR: a software stand-in for the HomePlug Green PHY modems of several hosts and the cable bundle between
 * them, for tests and the demo. No real modem is involved. Each host gets a frame port; behind it sits its
 * simulated modem, which:
 * - answers CM_SET_KEY.REQ (to 00:B0:52:00:00:01, its own MAC, or broadcast) as the QCA modems in the captures do:
 *   Result 1 when it accepts the key, the request's nonce echoed, PMN 0xFF; then restarts and joins the network
 *   of that key (link down, `joinDelayMs`, link up once another modem holds the same NMK);
 * - carries every other HomePlug AV frame to the other hosts unchanged, whatever their networks: SLAC messages
 *   cross the line before the match (ISO 15118-3: SLAC runs before EV and EVSE share a logical network);
 * - at an EVSE host, turns each CM_MNBC_SOUND.IND heard on the bundle into a CM_ATTEN_PROFILE.IND (58 groups)
 *   toward that host, at the attenuation configured for that EVSE: several EVSEs on one bundle hear the same
 *   EV (crosstalk), the nearest with the lowest figures;
 * - bridges every other EtherType (IPv6) only between hosts whose modems are in the same network, as a real
 *   logical network does.
 * All timing runs on the injected clock.
 */
import { BehaviorSubject, distinctUntilChanged, Subscription, type Observable } from 'rxjs';
import type { Clock } from '../../base/clock.js';
import {
  ETHERTYPE_HOMEPLUG_AV,
  formatMac,
  parseSlacFrame,
  serializeSlacFrame,
  type CmSetKeyReq,
  type MacAddress,
  type SlacMessage,
} from '../../codecs/slac/index.js';
import { BROADCAST_MAC, LOCAL_MODEM_MAC, sameBytes } from '../../machines/slac/addresses.js';
import { GREEN_PHY_GROUPS } from '../../machines/slac/attenuation.js';
import type { FramePort } from '../../transport/ethernet/frame-port.js';
import { memoryFramePort, type MemoryFramePort } from '../../transport/ethernet/memory-frame-port.js';
import { createScheduler, type Scheduler } from './scheduler.js';

/**
 * How an EVSE host's modem reports the sounds it hears:
 * - `measured`: one CM_ATTEN_PROFILE.IND with 58 groups per sound (a modem whose PIB is set up for the EVSE role);
 * - `unmeasured`: one CM_ATTEN_PROFILE.IND per sound with NumGroups 0, to broadcast (the QCA7420 EVSE modem of the
 *   Model Y capture);
 * - `none`: nothing (a modem not configured for SLAC: the "no attenuation profile" field failure).
 */
export type ProfileReporting = 'measured' | 'unmeasured' | 'none';

export interface PlcHostOptions {
  readonly mac: MacAddress;
  readonly role: 'ev' | 'evse';
  /** EVSE: the mean attenuation (dB) at which this EVSE's modem hears an EV's sounds; lower = nearer. Default 20. */
  readonly attenuation?: number;
  /** EVSE: default `measured`. */
  readonly profiles?: ProfileReporting;
  /** The modem's own MAC, the source of its answers. Default: 02:b0:52 and the host's three last octets. */
  readonly modemMac?: MacAddress;
}

export interface PlcBundleOptions {
  readonly clock: Clock;
  /** Time from a host's send to the far host's receive, in ms. Default 1. */
  readonly latencyMs?: number;
  /** Time a modem needs after CM_SET_KEY to restart and join the network of the new key, in ms. Default 100. */
  readonly joinDelayMs?: number;
  /**
   * CM_SET_KEY.CNF Result: 1, as QCA modems answer when they accept the key (and open-plc-utils requires), or 0, as
   * the HomePlug specification says. Default 1.
   */
  readonly setKeyResult?: number;
}

export interface SimulatedPlcHost {
  /** The host's side of its modem. */
  readonly port: FramePort;
  readonly modemMac: MacAddress;
  /** Whether the modem is in a network with at least one other modem; starts false, changes only when it changes. */
  readonly link$: Observable<boolean>;
}

/** PMN 0xFF ends the key-setting protocol run; every captured CM_SET_KEY.CNF of a real modem carries it. */
const PMN_LAST = 0xff;
const DEFAULT_ATTENUATION = 20;

interface Modem {
  readonly options: PlcHostOptions;
  readonly modemMac: MacAddress;
  /** Hands a frame to the host behind this modem. */
  deliver(frame: Uint8Array): void;
  /** Unplugs the host. */
  unplug(): void;
  readonly link: BehaviorSubject<boolean>;
  /** The NMK of the network the modem has joined; undefined while it has none or is restarting. */
  nmk: Uint8Array | undefined;
  /** Incremented on every restart, so that a superseded join does not complete. */
  generation: number;
  soundsHeard: number;
}

export class SimulatedPlcBundle {
  private readonly modems: Modem[] = [];
  private readonly scheduler: Scheduler;
  private draining = false;
  private readonly queue: { due: number; deliver: () => void }[] = [];
  private readonly latencyMs: number;
  private readonly joinDelayMs: number;
  private readonly setKeyResult: number;

  constructor(private readonly options: PlcBundleOptions) {
    this.scheduler = createScheduler(options.clock);
    this.latencyMs = options.latencyMs ?? 1;
    this.joinDelayMs = options.joinDelayMs ?? 100;
    this.setKeyResult = options.setKeyResult ?? 1;
  }

  /** Plugs a host with its modem into the bundle; the host talks to its modem through the returned port. */
  attach(options: PlcHostOptions): SimulatedPlcHost {
    let port: MemoryFramePort | undefined;
    const modem = this.plug(options, (frame) => port?.deliver(frame), () => port?.close());
    port = memoryFramePort(options.mac, (frame) => this.fromHost(modem, frame));
    return { port, modemMac: modem.modemMac, link$: modem.link.pipe(distinctUntilChanged()) };
  }

  /**
   * Plugs in a host that lives elsewhere, reached through `port` (raw Ethernet into another network namespace):
   * what arrives on the port is what that host sends to its modem, what its modem hands it goes out on the port.
   * Such a host learns of its link only through its modem's CM_SET_KEY.CNF.
   */
  attachRemote(port: FramePort, options: PlcHostOptions): { readonly modemMac: MacAddress } {
    const received = new Subscription();
    const modem = this.plug(options, (frame) => port.send(frame), () => received.unsubscribe());
    received.add(port.frames$.subscribe((frame) => this.fromHost(modem, frame)));
    return { modemMac: modem.modemMac };
  }

  private plug(options: PlcHostOptions, deliver: (frame: Uint8Array) => void, unplug: () => void): Modem {
    if (this.modems.some((m) => sameBytes(m.options.mac, options.mac))) {
      throw new RangeError(`a host with MAC ${formatMac(options.mac)} is already on the bundle`);
    }
    const modem: Modem = {
      options,
      modemMac: options.modemMac ?? Uint8Array.of(0x02, 0xb0, 0x52, ...options.mac.subarray(3)),
      deliver,
      unplug,
      link: new BehaviorSubject(false),
      nmk: undefined,
      generation: 0,
      soundsHeard: 0,
    };
    this.modems.push(modem);
    return modem;
  }

  /** The modem of `mac` restarts (a disturbance): its link drops and comes back after `ms` with the same key. */
  restartModem(mac: MacAddress, ms: number): void {
    const modem = this.modems.find((m) => sameBytes(m.options.mac, mac));
    if (modem !== undefined) this.rejoin(modem, modem.nmk, ms);
  }

  /** CM_MNBC_SOUND.IND heard by the modem of an EVSE host so far (for tests of what crossed the line). */
  soundsHeard(mac: MacAddress): number {
    return this.modems.find((m) => sameBytes(m.options.mac, mac))?.soundsHeard ?? 0;
  }

  close(): void {
    this.scheduler.cancelAll();
    this.queue.length = 0;
    for (const m of this.modems) {
      m.unplug();
      m.link.complete();
    }
  }

  private fromHost(from: Modem, frame: Uint8Array): void {
    if (frame.length < 14) return;
    const etherType = (frame[12] << 8) | frame[13];
    if (etherType !== ETHERTYPE_HOMEPLUG_AV) {
      this.bridge(from, frame);
      return;
    }
    const destination = frame.subarray(0, 6);
    const message = parseOrUndefined(frame);
    if (message?.type === 'CM_SET_KEY.REQ' && (isLocalModem(from, destination) || sameBytes(destination, BROADCAST_MAC))) {
      this.setKey(from, message);
      return;
    }
    if (isLocalModem(from, destination)) return;
    for (const to of this.modems) {
      if (to !== from && (sameBytes(destination, BROADCAST_MAC) || sameBytes(destination, to.options.mac))) {
        this.later(to, frame);
      }
    }
    if (message?.type === 'CM_MNBC_SOUND.IND') this.sound(from, message.OSA);
  }

  /** The modem accepts the key, answers, restarts and joins the network of that key. */
  private setKey(modem: Modem, req: CmSetKeyReq): void {
    const cnf: SlacMessage = {
      type: 'CM_SET_KEY.CNF',
      ODA: req.OSA,
      OSA: modem.modemMac,
      Result: this.setKeyResult,
      MyNonce: modem.modemMac.subarray(2),
      YourNonce: req.MyNonce,
      PID: req.PID,
      PRN: req.PRN,
      PMN: PMN_LAST,
      CCoCapability: 0,
    };
    this.later(modem, serializeSlacFrame(cnf));
    this.rejoin(modem, Uint8Array.from(req.NewKey), this.joinDelayMs);
  }

  private rejoin(modem: Modem, nmk: Uint8Array | undefined, ms: number): void {
    const generation = ++modem.generation;
    modem.nmk = undefined;
    this.updateLinks();
    this.scheduler.after(ms, () => {
      if (modem.generation !== generation) return;
      modem.nmk = nmk;
      this.updateLinks();
    });
  }

  private updateLinks(): void {
    for (const m of this.modems) m.link.next(this.peersOf(m).length > 0);
  }

  private peersOf(modem: Modem): Modem[] {
    const nmk = modem.nmk;
    if (nmk === undefined) return [];
    return this.modems.filter((m) => m !== modem && m.nmk !== undefined && sameBytes(m.nmk, nmk));
  }

  /** Every EVSE modem on the bundle hears the sound and reports it to its host. */
  private sound(from: Modem, ev: MacAddress): void {
    for (const to of this.modems) {
      if (to === from || to.options.role !== 'evse') continue;
      const reporting = to.options.profiles ?? 'measured';
      if (reporting === 'none') continue;
      const heard = to.soundsHeard++;
      const AAG = reporting === 'measured' ? profile(to.options.attenuation ?? DEFAULT_ATTENUATION, heard) : [];
      const ODA = reporting === 'measured' ? to.options.mac : BROADCAST_MAC;
      this.later(to, serializeSlacFrame({ type: 'CM_ATTEN_PROFILE.IND', ODA, OSA: to.modemMac, PEV_MAC: ev, AAG }));
    }
  }

  private bridge(from: Modem, frame: Uint8Array): void {
    const destination = frame.subarray(0, 6);
    const multicast = (destination[0] & 0x01) === 1;
    for (const to of this.peersOf(from)) {
      if (multicast || sameBytes(destination, to.options.mac)) this.later(to, frame);
    }
  }

  /** Delivery after the line's latency, in the order sent (one timer for the head of a FIFO). */
  private later(to: Modem, frame: Uint8Array): void {
    const due = this.options.clock.now() + this.latencyMs;
    this.queue.push({ due, deliver: () => to.deliver(frame) });
    if (this.queue.length === 1 && !this.draining) this.scheduler.after(this.latencyMs, () => this.drain());
  }

  /** What a delivery makes the hosts send meanwhile joins the queue behind; the timer is re-armed once, at the end. */
  private drain(): void {
    const now = this.options.clock.now();
    this.draining = true;
    while (this.queue.length > 0 && this.queue[0].due <= now) this.queue.shift()?.deliver();
    this.draining = false;
    if (this.queue.length > 0) this.scheduler.after(this.queue[0].due - now, () => this.drain());
  }
}

function isLocalModem(modem: Modem, destination: Uint8Array): boolean {
  return sameBytes(destination, LOCAL_MODEM_MAC) || sameBytes(destination, modem.modemMac);
}

/** The modem bridges what it cannot read; it only acts on what it can. */
function parseOrUndefined(frame: Uint8Array): SlacMessage | undefined {
  try {
    return parseSlacFrame(frame);
  } catch {
    return undefined;
  }
}

/** 58 groups around `mean` dB, varying by group and sound as a real line does (±2 dB), never 0. */
function profile(mean: number, sound: number): number[] {
  return Array.from({ length: GREEN_PHY_GROUPS }, (_, g) => Math.min(255, Math.max(1, Math.round(mean) + ((g + sound) % 5) - 2)));
}
