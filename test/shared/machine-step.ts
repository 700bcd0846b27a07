/**
 * One step of an EVCC chart, alone: an actor restored in a state (a dotted path) with a context, given one event;
 * what it then is, which vehicle commands it gave and which requests it sent. The clock never moves, no peer answers.
 */
import { createActor, SimulatedClock, type AnyStateMachine, type EventObject, type StateValue } from 'xstate';
import type { VehicleCommand } from '../../base/vehicle/charging-control.js';

export interface Stepped {
  readonly state: string;
  readonly commands: readonly string[];
  readonly sent: readonly string[];
}

/** `a.b.c` for `{ a: { b: 'c' } }`. */
export function stateText(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0]!;
  return inner === undefined ? key : `${key}.${stateText(inner)}`;
}

export function commandText(command: VehicleCommand): string {
  switch (command.type) {
    case 'contactors': return `contactors ${command.closed ? 'closed' : 'open'}`;
    case 'controlPilot': return `controlPilot ${command.state}`;
    case 'charging': return `charging ${command.active ? 'on' : 'off'}`;
  }
}

type Emitted = { readonly command: VehicleCommand } & { readonly message: { readonly document: { readonly V2G_Message: { readonly Body: object } } } };

export function step(machine: AnyStateMachine, input: unknown, from: string, context: object, event: EventObject & Readonly<Record<string, unknown>>): Stepped {
  const path = from.split('.');
  const value = path.slice(0, -1).reduceRight<StateValue>((inner, key) => ({ [key]: inner }), path.at(-1)!);
  const snapshot = machine.resolveState({ value, context });
  const actor = createActor(machine, { input, snapshot, clock: new SimulatedClock() });
  const commands: string[] = [];
  const sent: string[] = [];
  actor.on('vehicle.command', (e: Emitted) => commands.push(commandText(e.command)));
  actor.on('channel.send', (e: Emitted) => sent.push(Object.keys(e.message.document.V2G_Message.Body)[0]!));
  actor.start();
  actor.send(event);
  const state = stateText(actor.getSnapshot().value);
  actor.stop();
  return { state, commands, sent };
}
