/**
 * What the two ends of a mapped vehicle network share: which frames a map receives, which signals it reads from each,
 * and the values a transmitted message carries for a state of the session's commands.
 */
import type { DbcMessage, DbcSignal } from '../../codecs/can/dbc.js';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import type { SignalValues } from '../../codecs/can/can-message.js';
import type { CommandValue, SignalRef, TransmitMessage, VehicleNetworkMap } from './mapping.js';

/** The commands in force: what the transmitted messages say until the session says otherwise. */
export interface CommandState {
  readonly contactorsClosed: boolean;
  readonly controlPilot: 'B' | 'C';
  readonly charging: { readonly active: boolean; readonly voltage: number; readonly current: number; readonly phases: number };
}

/** Before the session commands anything: contactors open, pilot in state B, no energy (the safe state). */
export const INITIAL_COMMANDS: CommandState = {
  contactorsClosed: false,
  controlPilot: 'B',
  charging: { active: false, voltage: 0, current: 0, phases: 0 },
};

/** A frame's or a message's identity on the bus: a standard and an extended identifier of the same number differ. */
export function frameKey(frame: Pick<CanFrame, 'id' | 'extended'>): string {
  return `${frame.extended ? 'x' : 's'}${frame.id}`;
}

/** Every signal the map reads, by its message. */
export function mappedRefs(map: VehicleNetworkMap): Map<DbcMessage, SignalRef[]> {
  const refs: SignalRef[] = [];
  for (const source of [...map.numbers.values(), ...map.extras.values()]) if (source.kind === 'signal') refs.push(source.ref);
  for (const source of map.flags.values()) if (source.kind === 'signals') refs.push(...source.refs);
  if (map.error) refs.push(map.error.ref);
  const byMessage = new Map<DbcMessage, SignalRef[]>();
  for (const ref of refs) {
    const list = byMessage.get(ref.message) ?? [];
    if (!list.some((r) => r.signal === ref.signal)) list.push(ref);
    byMessage.set(ref.message, list);
  }
  return byMessage;
}

/** A physical value held within the signal's range, as an ECU saturates what it reports. */
export function saturated(signal: DbcSignal, value: number): number {
  return signal.range ? Math.min(signal.range.max, Math.max(signal.range.min, value)) : value;
}

/**
 * The physical value of each signal of a transmitted message, for these commands and this counter value. A measured
 * value beyond its signal's range (a charger reporting -0.2 A) is sent saturated, so what goes out stays valid;
 * `onSaturated` hears of it.
 */
export function transmitValues(
  transmit: TransmitMessage,
  commands: CommandState,
  counter: number,
  onSaturated?: (signal: DbcSignal, value: number) => void,
): SignalValues {
  const values: Record<string, number> = {};
  for (const [name, source] of transmit.signals) {
    switch (source.kind) {
      case 'constant':
        values[name] = source.value;
        break;
      case 'counter':
        values[name] = counter;
        break;
      case 'command': {
        const signal = transmit.message.signals.find((s) => s.name === name)!;
        const value = commandValue(source.value, commands, source.names);
        values[name] = saturated(signal, value);
        if (values[name] !== value) onSaturated?.(signal, value);
      }
    }
  }
  return values;
}

function commandValue(value: CommandValue, commands: CommandState, names?: ReadonlyMap<string, number>): number {
  switch (value) {
    case 'contactors.closed':
      return commands.contactorsClosed ? 1 : 0;
    case 'controlPilot.state':
      return names!.get(commands.controlPilot)!;
    case 'charging.active':
      return commands.charging.active ? 1 : 0;
    case 'charging.voltage':
      return commands.charging.voltage;
    case 'charging.current':
      return commands.charging.current;
    case 'charging.phases':
      return commands.charging.phases;
  }
}

/** The largest value the message's counter reaches before it wraps to 0 (a counter counts raw, factor 1). */
export function counterMax(transmit: TransmitMessage): number {
  let max = Number.MAX_SAFE_INTEGER;
  for (const [name, source] of transmit.signals) {
    if (source.kind !== 'counter') continue;
    const signal = transmit.message.signals.find((s) => s.name === name)!;
    max = Math.min(max, 2 ** signal.length - 1);
  }
  return max;
}
