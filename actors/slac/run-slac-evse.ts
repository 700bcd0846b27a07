/** The EVSE's SLAC over a frame port: `runSlacEvse({ port, link$, input: { mac: port.mac, nmk: generateNmk() } })`. */
import { createActor } from 'xstate';
import type { EvseSlacOutcome } from '../../machines/slac/slac-events.js';
import { slacEvseMachine, type EvseSlacInput } from '../../machines/slac/evse.js';
import { systemClock } from '../../base/clock.js';
import { runSlac, type SlacRun, type SlacRunOptions } from './run-slac.js';

export interface SlacEvseOptions extends SlacRunOptions {
  readonly input: EvseSlacInput;
}

export type SlacEvseRun = SlacRun<typeof slacEvseMachine, EvseSlacOutcome>;

export function runSlacEvse(options: SlacEvseOptions): SlacEvseRun {
  const actor = createActor(slacEvseMachine, {
    input: options.input,
    clock: options.clock ?? systemClock,
    inspect: options.inspect,
    id: options.id,
  });
  return runSlac(actor, options, ({ nmk, nid, peer }): EvseSlacOutcome => ({ result: 'matched', nmk, nid, evMac: peer }));
}
