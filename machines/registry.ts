/**
 * Every machine whose statechart is exported to docs/statecharts/ (`npm run statecharts`), by a file-name-safe name.
 * A new machine is added here; the statechart test then fails until docs/statecharts/ is regenerated, so the committed
 * diagrams always match the code. The DIN 70121, ISO 15118-2, SDP and supportedAppProtocol machines are being written
 * now: each joins this list when it lands on main.
 */
import type { AnyStateMachine } from 'xstate';
import { slacEvMachine } from './slac/ev.js';
import { slacEvseMachine } from './slac/evse.js';

export interface RegisteredMachine {
  readonly name: string;
  readonly machine: AnyStateMachine;
}

export const MACHINES: readonly RegisteredMachine[] = [
  { name: 'slac-ev', machine: slacEvMachine },
  { name: 'slac-evse', machine: slacEvseMachine },
];
