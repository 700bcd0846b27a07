/**
 * Runs one scripted EVCC session over a connection: the setup steps (repeating a step while its answer says so, after
 * `retryMs`), then CurrentDemandReq `loopIntervalMs` after each CurrentDemandRes, as real cars pace the loop, until
 * `stopping()`, then the stop steps. Resolves when SessionStopRes came; rejects with the first failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from '../transport/connection-port.js';
import type { ScriptedSession, ScriptStep } from './evcc-script.js';
import { V2gtpLink } from './v2gtp-link.js';

export interface ScriptedEvccOptions {
  readonly session: ScriptedSession;
  readonly connection: Connection;
  readonly loopIntervalMs: number;
  /**
   * Each pause of the loop is `loopIntervalMs` times a factor drawn uniformly from 1 ± `loopJitter` (0: exactly the
   * interval). Unsynchronised real cars drift around their cadence rather than keep it to the millisecond.
   */
  readonly loopJitter: number;
  /** Pause before repeating a request whose answer said Ongoing (or PreCharge not there yet), ms. */
  readonly retryMs: number;
  /** A request with no answer within this fails the session, ms. */
  readonly responseTimeoutMs: number;
  /** The session has reached the CurrentDemand loop. */
  readonly onLoop: () => void;
  /** One CurrentDemandReq→Res round trip, ns. */
  readonly onCurrentDemand: (ns: number) => void;
  /** Read before each CurrentDemandReq: true ends the loop. */
  readonly stopping: () => boolean;
}

/** Bound on the repetitions of one step: 10 s of Ongoing at a 20 ms retry is a stuck SECC, not a slow one. */
const MAX_REPEATS = 500;

export async function runScriptedEvcc(options: ScriptedEvccOptions): Promise<void> {
  const link = new V2gtpLink(options.connection, options.responseTimeoutMs);
  const perform = async (step: ScriptStep): Promise<void> => {
    for (let attempt = 0; attempt < MAX_REPEATS; attempt++) {
      if (attempt > 0) await sleep(options.retryMs);
      const { payload } = await link.exchange(step.frame());
      if (step.read(payload, attempt) === 'next') return;
    }
    throw new Error(`${step.request} still unfinished after ${MAX_REPEATS} requests`);
  };
  try {
    for (const step of options.session.setup) await perform(step);
    options.onLoop();
    const { loop } = options.session;
    const frame = loop.frame();
    // Sessions that reach the loop together would otherwise send in lockstep; cars plugged in at random times do not.
    await sleep(Math.random() * options.loopIntervalMs);
    while (!options.stopping()) {
      const { payload, ns } = await link.exchange(frame);
      options.onCurrentDemand(ns);
      loop.read(payload, 0);
      await sleep(options.loopIntervalMs * (1 + options.loopJitter * (2 * Math.random() - 1)));
    }
    for (const step of options.session.stop) await perform(step);
  } finally {
    link.close();
  }
}
