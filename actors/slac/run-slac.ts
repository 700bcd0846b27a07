/**
 * Runs a SLAC machine over a frame port: received frames are filtered and parsed into `slac.frame` events, the
 * modem's link changes go in as `slac.linkUp`/`slac.linkDown`, and what the machine emits to send is serialised
 * onto the port. A frame that does not parse is logged and dropped; the run goes on.
 */
import { Subscription, type Observable } from 'rxjs';
import type { Actor, InspectionEvent } from 'xstate';
import {
  ETHERTYPE_HOMEPLUG_AV,
  formatMac,
  parseSlacFrame,
  serializeSlacFrame,
  SlacFrameError,
  type MacAddress,
} from '../../codecs/slac/index.js';
import { sameBytes } from '../../machines/slac/addresses.js';
import type { SlacEmitted, SlacEvent } from '../../machines/slac/slac-events.js';
import type { slacEvMachine } from '../../machines/slac/ev.js';
import type { slacEvseMachine } from '../../machines/slac/evse.js';
import type { FramePort } from '../../transport/ethernet/frame-port.js';
import type { Clock } from '../../base/clock.js';

export interface SlacRunOptions {
  readonly port: FramePort;
  /** Drives the machine's named delays; tests give XState's SimulatedClock. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * The local modem's link state (true: in a network with another station). Absent: give the machine
   * `linkDetection: false`, or it waits for a `slac.linkUp` that never comes.
   */
  readonly link$?: Observable<boolean>;
  readonly inspect?: (event: InspectionEvent) => void;
  /** The actor's id, as the inspector names it (`evcc/slac-ev`); default XState's. */
  readonly id?: string;
  /** One line per frame dropped (malformed, not SLAC) or not sent. Default: none. */
  readonly log?: (line: string) => void;
}

export type SlacMachine = typeof slacEvMachine | typeof slacEvseMachine;

export interface SlacRun<TMachine extends SlacMachine, TOutcome> {
  readonly actor: Actor<TMachine>;
  /**
   * The first of: the link is ready after the match (`matched`), or the run ended without one (`failed`). Rejects
   * only when the machine cannot run (invalid input) or its frame port fails (a raw socket's receive error).
   */
  readonly result: Promise<TOutcome>;
  /**
   * The machine's output when it ends: after `stop()`, or when a lost link did not come back. Rejects like `result`,
   * and when the port fails after the match.
   */
  readonly done: Promise<TOutcome>;
  /** Leaves the run (session over, cable unplugged); the port stays open for its owner to close. */
  stop(): void;
}

/** The `matched` outcome of a role, from its D-LINK_READY event. */
export type MatchedOf<TOutcome> = (ready: Extract<SlacEmitted, { type: 'slac.linkReady' }>) => TOutcome;

export function runSlac<TMachine extends SlacMachine, TOutcome>(
  actor: Actor<TMachine>,
  options: SlacRunOptions,
  matched: MatchedOf<TOutcome>,
): SlacRun<TMachine, TOutcome> {
  const { port } = options;
  const log = options.log ?? ((): void => undefined);
  // Both machines take SlacEvent and emit SlacEmitted; XState's types cannot see that through the union.
  const target = actor as unknown as SlacActor<TOutcome>;
  const feed = (event: SlacEvent): void => {
    if (target.getSnapshot().status === 'active') target.send(event);
  };
  const subscriptions = new Subscription();

  let settle: (outcome: TOutcome) => void = () => undefined;
  let fail: (err: unknown) => void = () => undefined;
  let failDone: (err: unknown) => void = () => undefined;
  const result = new Promise<TOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  const done = new Promise<TOutcome>((resolve, reject) => {
    failDone = reject;
    subscriptions.add(
      target.subscribe({
        next: (snapshot) => {
          if (snapshot.status !== 'done') return;
          subscriptions.unsubscribe();
          settle(snapshot.output);
          resolve(snapshot.output);
        },
        error: (err) => {
          subscriptions.unsubscribe();
          fail(err);
          reject(err);
        },
      }),
    );
  });
  // A caller may await only one of the two; the other's rejection (bad input) must not become an unhandled one.
  result.catch(() => undefined);
  done.catch(() => undefined);

  subscriptions.add(
    target.on('*', (emitted) => {
      if (emitted.type === 'slac.linkReady') {
        settle(matched(emitted));
        return;
      }
      try {
        port.send(serializeSlacFrame(emitted.frame));
      } catch (err) {
        log(`${emitted.frame.type} to ${formatMac(emitted.destination)} not sent: ${messageOf(err)}`);
      }
    }),
  );
  target.start();
  if (!subscriptions.closed) {
    subscriptions.add(
      port.frames$.subscribe({
        next: (frame) => receive(frame, port.mac, feed, log),
        // Nothing more can arrive, so the run ends with the port's error; unhandled, RxJS would rethrow it later and
        // take the process down.
        error: (err: unknown) => {
          log(`frame port failed: ${messageOf(err)}`);
          fail(err);
          failDone(err);
          feed({ type: 'slac.stop' });
        },
      }),
    );
    if (options.link$ !== undefined) {
      subscriptions.add(options.link$.subscribe((up) => feed({ type: up ? 'slac.linkUp' : 'slac.linkDown' })));
    }
  }
  return { actor, result, done, stop: () => feed({ type: 'slac.stop' }) };
}

/** The parts of an actor of either SLAC machine this runner uses. */
interface SlacActor<TOutcome> {
  send(event: SlacEvent): void;
  start(): void;
  getSnapshot(): { readonly status: string };
  on(type: '*', handler: (emitted: SlacEmitted) => void): { unsubscribe(): void };
  subscribe(observer: {
    next: (snapshot: { readonly status: string; readonly output: TOutcome }) => void;
    error: (err: unknown) => void;
  }): { unsubscribe(): void };
}

/**
 * The segment delivers more than this host's SLAC frames: other EtherTypes (IPv6 on the same interface), unicast
 * frames for other hosts (a raw socket filters by EtherType only), and, with some capture back-ends, our own.
 */
function receive(frame: Uint8Array, own: MacAddress, feed: (event: SlacEvent) => void, log: (line: string) => void): void {
  if (frame.length < 14 || ((frame[12] << 8) | frame[13]) !== ETHERTYPE_HOMEPLUG_AV) return;
  const destination = frame.subarray(0, 6);
  const source = frame.slice(6, 12);
  const group = (destination[0] & 0x01) === 1;
  if ((!group && !sameBytes(destination, own)) || sameBytes(source, own)) return;
  try {
    feed({ type: 'slac.frame', frame: parseSlacFrame(frame), source });
  } catch (err) {
    // A vendor MME (e.g. the 0xA14E a QCA EVSE modem sends beside each profile) is not malformed, just not SLAC.
    const what = err instanceof SlacFrameError && err.field === 'MMTYPE' ? 'not a SLAC message' : 'malformed';
    log(`frame from ${formatMac(source)} ignored, ${what}: ${messageOf(err)}`);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
