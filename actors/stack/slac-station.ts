/**
 * A charging station that pairs before it serves: SLAC with a fresh NMK, and only once an EV has matched the SDP and
 * V2G servers for that EV's session, so nothing is offered on the PLC link before the EV has joined the network (as
 * a real logical network carries no IP before the match). After the session, or when no EV connects within
 * V2G_SECC_CommunicationSetup_Performance_Time, the servers close and the next run begins; its new NMK takes the last
 * EV out of the network. Without a control pilot to say when a car arrives, a run that times out waiting for an EV
 * (TT_EVSE_SLAC_init) simply starts again.
 */
import { formatMac } from '../../codecs/slac/index.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { systemClock } from '../../base/clock.js';
import type { SlacEvseRun } from '../slac/run-slac-evse.js';
import { startSeccStation, type SeccStation, type SeccStationOptions } from './secc-station.js';
import { startEvseSlac, type SlacLayerOptions } from './slac-link.js';

export interface SlacStationOptions {
  readonly slac: SlacLayerOptions;
  /** The servers started after each match; `clock`, `timing` and `log` serve the wait for the EV as well. */
  readonly station: SeccStationOptions;
  /** Stops serving: the SLAC run or station in progress ends and `serveWithSlac` resolves. */
  readonly signal: AbortSignal;
  /** Each SLAC run as it starts (to follow or inspect it). */
  readonly onSlac?: (run: SlacEvseRun) => void;
  /** Each station as it starts, after a match. */
  readonly onStation?: (station: SeccStation) => void;
}

/**
 * Serves one EV per SLAC match until `signal` aborts. Rejects only when a station cannot start (address in use) or
 * the frame port fails: a run on a dead port would fail at once, again and again.
 */
export async function serveWithSlac(options: SlacStationOptions): Promise<void> {
  const { signal } = options;
  const log = options.station.log ?? ((): void => undefined);
  while (!signal.aborted) {
    const run = startEvseSlac(options.slac);
    options.onSlac?.(run);
    try {
      const outcome = await untilAborted(run.result, signal);
      if (outcome === undefined) return;
      if (outcome.result === 'failed') {
        log(`SLAC: ${outcome.reason}; waiting for the next EV`);
        continue;
      }
      log(`SLAC: matched EV ${formatMac(outcome.evMac)}; SDP and V2G open for it`);
      const station = await startSeccStation(options.station);
      try {
        options.onStation?.(station);
        await oneSession(station, run, options);
      } finally {
        await station.close();
      }
    } finally {
      run.stop();
    }
  }
}

/** Until the first session ends, no EV came in time, the matched link is lost for good, or serving stops. */
async function oneSession(station: SeccStation, run: SlacEvseRun, options: SlacStationOptions): Promise<void> {
  const clock = options.station.clock ?? systemClock;
  const log = options.station.log ?? ((): void => undefined);
  const limit = timingFor('iso2', options.station.timing).session.V2G_SECC_CommunicationSetup_Performance_Time;
  let timer: unknown;
  let subscription: { unsubscribe(): void } | undefined;
  const noEv = new Promise<void>((resolve) => {
    timer = clock.setTimeout(() => {
      log(`no EV connected within V2G_SECC_CommunicationSetup_Performance_Time (${limit} ms)`);
      resolve();
    }, limit);
  });
  const session = new Promise<void>((resolve) => {
    subscription = station.sessions$.subscribe((s) => {
      clock.clearTimeout(timer);
      void s.outcome.then(() => resolve());
    });
  });
  let over = false;
  // The run is stopped after every session; only a loss before that is news.
  const linkLost = run.done.then((outcome) => {
    if (!over) log(`SLAC link gone: ${outcome.result === 'failed' ? outcome.reason : 'stopped'}`);
  });
  try {
    await untilAborted(Promise.race([noEv, session, linkLost]), options.signal);
  } finally {
    over = true;
    clock.clearTimeout(timer);
    subscription?.unsubscribe();
  }
}

/** `promise`'s value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const abort = (): void => resolve(undefined);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
