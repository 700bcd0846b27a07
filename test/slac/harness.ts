/**
 * A SLAC bench for tests: a simulated bundle of PLC modems on a SimulatedClock, hosts running the EV and EVSE
 * actors over it, a machine driven by hand with its emitted events recorded, and time advanced millisecond by
 * millisecond (a SimulatedClock jump would fire every due timer at the end time, losing the order of a sequence).
 */
import { createActor, SimulatedClock } from 'xstate';
import { runSlacEv, type SlacEvRun } from '../../actors/slac/run-slac-ev.js';
import { runSlacEvse, type SlacEvseRun } from '../../actors/slac/run-slac-evse.js';
import { SimulatedPlcBundle, type PlcBundleOptions, type ProfileReporting, type SimulatedPlcHost } from '../../adapters/simulators/plc-modem.js';
import { parseMac, parseSlacFrame, type SlacMessage } from '../../codecs/slac/index.js';
import type { FramePort } from '../../transport/ethernet/frame-port.js';
import type { EvSlacOutcome, EvseSlacOutcome, SlacEmitted, SlacEvent } from '../../machines/slac/slac-events.js';
import { slacEvMachine, type EvSlacInput } from '../../machines/slac/ev.js';
import { slacEvseMachine, type EvseSlacInput } from '../../machines/slac/evse.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';

export const EV_MAC = parseMac('02:00:00:00:0e:01');
export const EVSE_MACS = [parseMac('02:00:00:00:5e:01'), parseMac('02:00:00:00:5e:02'), parseMac('02:00:00:00:5e:03')];
export const RUN_ID = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

export function nmkOf(seed: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (seed * 31 + i * 7) & 0xff);
}

export function advance(clock: SimulatedClock, ms: number): void {
  for (let t = 0; t < ms; t++) clock.increment(1);
}

export interface EvseSpec {
  readonly attenuation: number;
  readonly profiles?: ProfileReporting;
  readonly input?: Partial<EvseSlacInput>;
}

export interface Bench {
  readonly clock: SimulatedClock;
  readonly bundle: SimulatedPlcBundle;
  readonly ev: SlacEvRun;
  readonly evses: SlacEvseRun[];
  /** The hosts' sides of their modems: EV first, then the EVSEs. */
  readonly hosts: SimulatedPlcHost[];
  readonly log: string[];
  /** What each host sent, by message type, in order. */
  readonly sent: Map<string, SlacMessage['type'][]>;
  close(): void;
}

/** One EV and `evses` EVSE hosts on one bundle; the EVSEs start first, as chargers wait for cars. */
export function bench(evses: readonly EvseSpec[], ev: Partial<EvSlacInput> = {}, modems: Partial<PlcBundleOptions> = {}): Bench {
  const clock = new SimulatedClock();
  const bundle = new SimulatedPlcBundle({ clock, ...modems });
  const log: string[] = [];
  const sent = new Map<string, SlacMessage['type'][]>();
  const record = (who: string) => (line: string) => log.push(`${who}: ${line}`);
  const hosts: SimulatedPlcHost[] = [];
  const evseRuns = evses.map((spec, i) => {
    const host = bundle.attach({ mac: EVSE_MACS[i], role: 'evse', attenuation: spec.attenuation, profiles: spec.profiles });
    const run = runSlacEvse({
      port: recorded(host.port, `EVSE${i + 1}`, sent),
      link$: host.link$,
      clock,
      log: record(`EVSE${i + 1}`),
      input: { mac: EVSE_MACS[i], nmk: nmkOf(i + 1), ...spec.input },
    });
    hosts.push(host);
    return run;
  });
  const evHost = bundle.attach({ mac: EV_MAC, role: 'ev' });
  // Let the EVSE modems finish joining their own networks before the car arrives.
  advance(clock, 200);
  const evPort = recorded(evHost.port, 'EV', sent);
  const evRun = runSlacEv({ port: evPort, link$: evHost.link$, clock, log: record('EV'), input: { mac: EV_MAC, runId: RUN_ID, ...ev } });
  return {
    clock,
    bundle,
    ev: evRun,
    evses: evseRuns,
    hosts: [evHost, ...hosts],
    log,
    sent,
    close() {
      evRun.actor.stop();
      for (const r of evseRuns) r.actor.stop();
      bundle.close();
    },
  };
}

/** The host's port, with what the host sends onto it recorded by message type. */
function recorded(port: FramePort, who: string, sent: Map<string, SlacMessage['type'][]>): FramePort {
  const types: SlacMessage['type'][] = [];
  sent.set(who, types);
  return {
    mac: port.mac,
    frames$: port.frames$,
    close: () => port.close(),
    send(frame) {
      types.push(parseSlacFrame(frame).type);
      port.send(frame);
    },
  };
}

/** A machine driven by hand: events in, emitted events recorded with the clock time they were emitted at. */
export interface Driven<TOutput> {
  readonly clock: SimulatedClock;
  readonly emitted: { readonly at: number; readonly event: SlacEmitted }[];
  send(event: SlacEvent): void;
  frame(frame: SlacMessage): void;
  /** The frames of one type sent so far. */
  sentOf<T extends SlacMessage['type']>(type: T): Extract<SlacMessage, { type: T }>[];
  /** When each frame of one type was sent. */
  timesOf(type: SlacMessage['type']): number[];
  state(): unknown;
  output(): TOutput | undefined;
  done(): boolean;
}

/** Every transition a driven EV or EVSE took: each machine's test file ends by asserting its own are all there. */
export const driven = new TransitionCoverage();

export function driveEv(input: Partial<EvSlacInput> = {}): Driven<EvSlacOutcome> {
  const clock = new SimulatedClock();
  const actor = createActor(slacEvMachine, { clock, input: { mac: EV_MAC, runId: RUN_ID, ...input }, inspect: driven.inspect });
  return drive(clock, actor);
}

export function driveEvse(input: Partial<EvseSlacInput> = {}): Driven<EvseSlacOutcome> {
  const clock = new SimulatedClock();
  const actor = createActor(slacEvseMachine, { clock, input: { mac: EVSE_MACS[0], nmk: nmkOf(1), ...input }, inspect: driven.inspect });
  return drive(clock, actor);
}

interface DrivableActor<TOutput> {
  on(type: '*', h: (e: SlacEmitted) => void): unknown;
  send(e: SlacEvent): void;
  start(): void;
  getSnapshot(): { value: unknown; status: string; output: TOutput | undefined };
}

function drive<TOutput>(clock: SimulatedClock, actor: DrivableActor<TOutput>): Driven<TOutput> {
  const emitted: { at: number; event: SlacEmitted }[] = [];
  actor.on('*', (event) => emitted.push({ at: clock.now(), event }));
  actor.start();
  const frames = (type: SlacMessage['type']) =>
    emitted.filter((e) => e.event.type !== 'slac.linkReady' && e.event.frame.type === type);
  return {
    clock,
    emitted,
    send: (event) => actor.send(event),
    frame: (frame) => actor.send({ type: 'slac.frame', frame, source: frame.OSA }),
    sentOf: <T extends SlacMessage['type']>(type: T) =>
      frames(type).map((e) => (e.event as Extract<SlacEmitted, { frame: unknown }>).frame as Extract<SlacMessage, { type: T }>),
    timesOf: (type) => frames(type).map((e) => e.at),
    state: () => actor.getSnapshot().value,
    output: () => actor.getSnapshot().output,
    done: () => actor.getSnapshot().status === 'done',
  };
}
