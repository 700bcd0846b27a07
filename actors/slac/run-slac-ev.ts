/** The EV's SLAC over a frame port: `runSlacEv({ port, link$, input: { mac: port.mac, runId } })`. */
import { createActor } from 'xstate';
import type { EvSlacOutcome } from '../../machines/slac/slac-events.js';
import { slacEvMachine, type EvSlacInput } from '../../machines/slac/ev.js';
import { systemClock } from '../../base/clock.js';
import { runSlac, type SlacRun, type SlacRunOptions } from './run-slac.js';

export interface SlacEvOptions extends SlacRunOptions {
  readonly input: EvSlacInput;
}

export type SlacEvRun = SlacRun<typeof slacEvMachine, EvSlacOutcome>;

export function runSlacEv(options: SlacEvOptions): SlacEvRun {
  const actor = createActor(slacEvMachine, {
    input: options.input,
    clock: options.clock ?? systemClock,
    inspect: options.inspect,
    id: options.id,
  });
  return runSlac(actor, options, ({ nmk, nid, peer }): EvSlacOutcome => ({ result: 'matched', nmk, nid, evseMac: peer }));
}
