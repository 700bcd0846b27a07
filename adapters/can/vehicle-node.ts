/**
 * The vehicle's side of a mapped network: a VehicleAdapter (the battery simulator, in the demo and the tests) played
 * as the BMS, VCU and EMS the mapping describes. It sends every message the EVCC supervises at its cycle time, with
 * the adapter's status in the mapped signals, and hands the EVCC's command frames to the adapter as VehicleCommands.
 * The mirror of can-vehicle.ts, so `demo --can-sim` charges through the very frames a car would carry.
 */
import type { DbcMessage, DbcSignal } from '../../codecs/can/dbc.js';
import { decodeMessage, encodeMessage, type SignalValues } from '../../codecs/can/can-message.js';
import type { Clock } from '../../base/clock.js';
import type { CanPort } from '../../transport/can/can-port.js';
import { createScheduler } from '../simulators/scheduler.js';
import type { VehicleAdapter, VehicleCommand, VehicleStatus } from '../vehicle/vehicle-adapter.js';
import type { CommandValue, Extra, NumberSource, TransmitMessage, VehicleNetworkMap } from './mapping.js';
import { frameKey, saturated } from './network-values.js';

export interface VehicleNodeOptions {
  readonly map: VehicleNetworkMap;
  readonly port: CanPort;
  readonly clock: Clock;
  readonly vehicle: VehicleAdapter;
  /** The values with no VehicleStatus field (V2X permission, ...); absent ones are sent as not available. */
  readonly extras?: Readonly<Partial<Record<Extra, number>>>;
  readonly warn?: (line: string) => void;
}

export interface VehicleNode {
  /** Stops sending (the ECUs go silent) and receiving. */
  stop(): void;
}

/** How often a supervised message without a cycle time in the DBC is sent: well within its timeout. */
const CYCLES_PER_TIMEOUT = 3;

export function createCanVehicleNode(options: VehicleNodeOptions): VehicleNode {
  const { map, port, clock, vehicle } = options;
  const warn = options.warn ?? ((): void => undefined);
  const scheduler = createScheduler(clock);
  let status: VehicleStatus | undefined;
  const statusSubscription = vehicle.status$.subscribe((s) => (status = s));

  const physical = (source: NumberSource | undefined, value: number | undefined): number | undefined => {
    if (source?.kind !== 'signal') return undefined;
    return value === undefined ? source.unavailable : value / source.scale;
  };

  /** What the vehicle's status says in `signal`; undefined where the map does not feed the status from it. */
  const statusValue = (message: DbcMessage, signal: DbcSignal, current: VehicleStatus): number | undefined => {
    const feeds = (source: NumberSource | undefined): boolean => source?.kind === 'signal' && source.ref.message === message && source.ref.signal === signal;
    for (const [field, source] of map.numbers) if (feeds(source)) return physical(source, current[field]);
    for (const [extra, source] of map.extras) if (feeds(source)) return physical(source, options.extras?.[extra]);
    for (const [field, source] of map.flags) {
      // A flag read from several signals (any set) is said in the first; the others stay clear.
      const index = source.kind === 'signals' ? source.refs.findIndex((r) => r.signal === signal && r.message === message) : -1;
      if (index >= 0) return index === 0 && current[field] ? 1 : 0;
    }
    if (map.error?.ref.signal === signal && map.error.ref.message === message) {
      const wanted = current.error ?? 'NO_ERROR';
      return [...map.error.codes].find(([, name]) => name === wanted)?.[0];
    }
    return undefined;
  };

  const send = (message: DbcMessage): void => {
    if (status === undefined) return;
    const values: Record<string, number> = {};
    for (const signal of message.signals) values[signal.name] = saturated(signal, statusValue(message, signal, status) ?? 0);
    try {
      port.send(encodeMessage(message, values));
    } catch (err) {
      warn(`${message.name} not sent: ${(err as Error).message}`);
    }
  };

  for (const [message, timeoutMs] of map.timeouts) {
    scheduler.every(message.cycleTimeMs ?? timeoutMs / CYCLES_PER_TIMEOUT, () => send(message));
    send(message);
  }

  const commandMessages = new Map(map.transmit.map((t) => [frameKey(t.message), t]));
  let last = new Map<VehicleCommand['type'], string>();
  const frames = port.frames$.subscribe((frame) => {
    const transmit = commandMessages.get(frameKey(frame));
    if (transmit === undefined) return;
    let values: SignalValues;
    try {
      values = decodeMessage(transmit.message, frame.data);
    } catch (err) {
      return warn((err as Error).message);
    }
    const next = new Map(last);
    for (const command of commandsOf(transmit, values)) {
      const key = JSON.stringify(command);
      if (last.get(command.type) === key) continue;
      next.set(command.type, key);
      vehicle.command(command);
    }
    last = next;
  });

  return {
    stop() {
      scheduler.cancelAll();
      frames.unsubscribe();
      statusSubscription.unsubscribe();
    },
  };
}

/** The VehicleCommands a command frame says, for the command values the message carries. */
function commandsOf(transmit: TransmitMessage, values: SignalValues): VehicleCommand[] {
  const by = new Map<CommandValue, number>();
  let pilotNames: ReadonlyMap<string, number> | undefined;
  for (const [name, source] of transmit.signals) {
    if (source.kind !== 'command') continue;
    by.set(source.value, values[name]!);
    if (source.names) pilotNames = source.names;
  }
  const commands: VehicleCommand[] = [];
  if (by.has('contactors.closed')) commands.push({ type: 'contactors', closed: by.get('contactors.closed') !== 0 });
  if (by.has('controlPilot.state') && pilotNames) {
    const state = [...pilotNames].find(([, raw]) => raw === by.get('controlPilot.state'))?.[0];
    if (state === 'B' || state === 'C') commands.push({ type: 'controlPilot', state });
  }
  if (by.has('charging.active')) {
    const phases = by.get('charging.phases') ?? 0;
    commands.push({
      type: 'charging',
      active: by.get('charging.active') !== 0,
      voltage: by.get('charging.voltage') ?? 0,
      current: by.get('charging.current') ?? 0,
      ...(phases > 0 ? { phases } : {}),
    });
  }
  return commands;
}
