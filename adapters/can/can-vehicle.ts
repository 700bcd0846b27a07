/**
 * The vehicle interface over the vehicle's own network: a VehicleAdapter whose status comes from the BMS, VCU and EMS
 * frames a signal matrix (DBC + mapping) describes, and whose commands go out as the mapped messages, cyclically at
 * their cycle times and at once on a change.
 *
 * Supervision, the part a car needs beyond decoding: every message the status needs must arrive within its timeout,
 * every mapped value must lie within its signal's range, every frame must be as long as the DBC says. A breach is a
 * fault that latches for the life of the adapter (a BMS that went silent is not trusted again mid-session): the status
 * then says not ready, stop requested, and the mapping's EV error code, so the session machine ends the charge the
 * way both standards give the EV: EVReady false with the EVErrorCode in every DC_EVStatus from then on, PowerDelivery
 * to stop, WeldingDetection, SessionStop; `faults` says why.
 */
import { Observable, ReplaySubject, Subject } from 'rxjs';
import type { DbcMessage, DbcSignal } from '../../codecs/can/dbc.js';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { decodeMessage, encodeMessage, type SignalValues } from '../../codecs/can/can-message.js';
import type { Clock } from '../../base/clock.js';
import type { CanPort } from '../../transport/can/can-port.js';
import { createScheduler } from '../simulators/scheduler.js';
import type { VehicleAdapter, VehicleCommand, VehicleError, VehicleStatus } from '../vehicle/vehicle-adapter.js';
import { EXTRAS, FLAGS, OPTIONAL_NUMBERS, REQUIRED_NUMBERS, type Extra, type NumberSource, type SignalRef, type VehicleNetworkMap } from './mapping.js';
import { counterMax, frameKey, INITIAL_COMMANDS, mappedRefs, transmitValues, type CommandState } from './network-values.js';

export type VehicleNetworkFaultKind = 'timeout' | 'implausible' | 'frame' | 'port';

export interface VehicleNetworkFault {
  readonly kind: VehicleNetworkFaultKind;
  /** The message at fault; absent for the port's own failure. */
  readonly message?: string;
  readonly reason: string;
  /** Clock time, ms. */
  readonly at: number;
}

/** One received message as the inspector shows it. */
export interface ReceivedMessageView {
  readonly name: string;
  readonly timeoutMs: number;
  /** Clock time of the last frame, ms; absent before the first. */
  readonly lastSeen?: number;
  readonly timedOut: boolean;
  readonly values: SignalValues;
}

export interface VehicleNetworkView {
  readonly port: string;
  readonly received: readonly ReceivedMessageView[];
  readonly sent: readonly { readonly name: string; readonly cycleTimeMs: number; readonly values: SignalValues }[];
  readonly extras: Readonly<Partial<Record<Extra, number>>>;
  readonly faults: readonly VehicleNetworkFault[];
}

export interface CanVehicle extends VehicleAdapter {
  /** The latest status, once every supervised message has arrived. */
  readonly status: VehicleStatus | undefined;
  /** Resolves with the first complete status; rejects with the first fault if one comes first, or after `timeoutMs`. */
  firstStatus(timeoutMs: number): Promise<VehicleStatus>;
  readonly faults: readonly VehicleNetworkFault[];
  /** The map's extras (V2X permission, target SoC, contactor state), as last received; the first two also feed the status. */
  readonly extras: Readonly<Partial<Record<Extra, number>>>;
  view(): VehicleNetworkView;
  /** Each change of `view()`: a frame received or sent, a fault. */
  readonly changes$: Observable<void>;
  /** Stops the cyclic frames and the timeouts, completes status$; the port stays open (its owner closes it). */
  stop(): void;
}

export interface CanVehicleOptions {
  readonly map: VehicleNetworkMap;
  readonly port: CanPort;
  readonly clock: Clock;
  /**
   * Faults as they happen, frames that could not be sent, values sent saturated. Frames of messages the map does not
   * read are a car bus's ordinary traffic and pass without a word.
   */
  readonly warn?: (line: string) => void;
}

/** The first fault of a network as an Error, for `firstStatus`. */
export class VehicleNetworkError extends Error {
  override readonly name = 'VehicleNetworkError';

  constructor(readonly fault: VehicleNetworkFault) {
    super(`vehicle network: ${fault.reason}`);
  }
}

export function createCanVehicle(options: CanVehicleOptions): CanVehicle {
  const { map, port, clock } = options;
  const warn = options.warn ?? ((): void => undefined);
  const scheduler = createScheduler(clock);
  const status$ = new ReplaySubject<VehicleStatus>(1);
  const changes$ = new Subject<void>();
  const faults: VehicleNetworkFault[] = [];
  let latest: VehicleStatus | undefined;
  let stopped = false;

  const received = new Map<string, { message: DbcMessage; timeoutMs: number; values?: SignalValues; lastSeen?: number; timer?: unknown; timedOut: boolean }>();
  for (const [message, timeoutMs] of map.timeouts) received.set(frameKey(message), { message, timeoutMs, timedOut: false });
  const refsOf = mappedRefs(map);

  const fault = (kind: VehicleNetworkFaultKind, reason: string, message?: string): void => {
    if (stopped) return;
    faults.push({ kind, reason, at: clock.now(), ...(message ? { message } : {}) });
    warn(`vehicle network fault: ${reason}`);
    publish();
  };

  /**
   * (Re)starts a message's timeout. When it runs out, frames may still wait unread behind a stall of this process
   * (a module loading, a busy host): the verdict waits one turn of the event loop, which reads them, and a timer that
   * fired later than half a timeout past its due time measured our stall, not the sender's silence, so it starts over.
   */
  const arm = (entry: { message: DbcMessage; timeoutMs: number; timer?: unknown; timedOut: boolean }): void => {
    if (entry.timer !== undefined) clock.clearTimeout(entry.timer);
    const due = clock.now() + entry.timeoutMs;
    entry.timer = clock.setTimeout(() => {
      if (clock.now() - due > entry.timeoutMs / 2) return arm(entry);
      entry.timer = clock.setTimeout(() => {
        entry.timer = undefined;
        entry.timedOut = true;
        fault('timeout', `${entry.message.name} not received for ${entry.timeoutMs} ms`, entry.message.name);
      }, 0);
    }, entry.timeoutMs);
  };

  const valueOf = (source: NumberSource): number | undefined => {
    if (source.kind === 'constant') return source.value;
    const value = received.get(frameKey(source.ref.message))?.values?.[source.ref.signal.name];
    if (value === undefined || value === source.unavailable) return undefined;
    return value * source.scale;
  };
  const signalOf = (ref: SignalRef): number | undefined => received.get(frameKey(ref.message))?.values?.[ref.signal.name];

  const extras = (): Partial<Record<Extra, number>> => {
    const values: Partial<Record<Extra, number>> = {};
    for (const extra of EXTRAS) {
      const source = map.extras.get(extra);
      const value = source && valueOf(source);
      if (value !== undefined) values[extra] = value;
    }
    return values;
  };

  const snapshot = (): VehicleStatus | undefined => {
    if ([...received.values()].some((entry) => entry.values === undefined)) return undefined;
    const numbers: Record<string, number> = {};
    for (const field of REQUIRED_NUMBERS) {
      const value = valueOf(map.numbers.get(field)!);
      // A required value the sender says it does not have is a fault, not a zero.
      if (value === undefined) return undefined;
      numbers[field] = value;
    }
    for (const field of OPTIONAL_NUMBERS) {
      const source = map.numbers.get(field);
      const value = source && valueOf(source);
      if (value !== undefined) numbers[field] = value;
    }
    const flag = (field: (typeof FLAGS)[number]): boolean => {
      const source = map.flags.get(field)!;
      return source.kind === 'constant' ? source.value : source.refs.some((ref) => (signalOf(ref) ?? 0) !== 0);
    };
    const reported = map.error ? map.error.codes.get(signalOf(map.error.ref) ?? 0) : undefined;
    const error: VehicleError | undefined = faults.length > 0 ? (reported !== undefined && reported !== 'NO_ERROR' ? reported : map.onFault) : reported === 'NO_ERROR' ? undefined : reported;
    const { targetSoc, v2xPermission } = extras();
    return {
      ...(numbers as Pick<VehicleStatus, (typeof REQUIRED_NUMBERS)[number]>),
      // The EMS's wishes the map reads as extras: the driver's target SoC and its V2X permission.
      ...(targetSoc !== undefined && { targetSoc }),
      ...(v2xPermission !== undefined && { dischargeAllowed: v2xPermission !== 0 }),
      ready: faults.length === 0 && flag('ready'),
      stopRequested: faults.length > 0 || flag('stopRequested'),
      ...(error !== undefined ? { error } : {}),
    };
  };

  function publish(): void {
    const status = snapshot();
    if (status !== undefined) {
      latest = status;
      status$.next(status);
    }
    changes$.next();
  }

  /** A mapped value outside its signal's range, or an error code the mapping does not list: what is wrong, else undefined. */
  const implausible = (message: DbcMessage, values: SignalValues): string | undefined => {
    for (const ref of refsOf.get(message) ?? []) {
      const value = values[ref.signal.name];
      if (value === undefined) continue;
      const saysUnavailable = (source: NumberSource): boolean => source.kind === 'signal' && source.ref.signal === ref.signal && source.unavailable === value;
      const required = REQUIRED_NUMBERS.find((field) => saysUnavailable(map.numbers.get(field)!));
      if (required !== undefined) return `${message.name}.${ref.signal.name} says not available, and ${required} is required`;
      const unavailable = [...map.numbers.values(), ...map.extras.values()].some(saysUnavailable);
      const range = ref.signal.range;
      if (range && !unavailable && (value < range.min || value > range.max)) {
        return `${message.name}.${ref.signal.name} = ${value}${ref.signal.unit ? ` ${ref.signal.unit}` : ''} is outside ${range.min}..${range.max}`;
      }
    }
    if (map.error?.ref.message === message && !map.error.codes.has(values[map.error.ref.signal.name]!)) {
      return `${message.name}.${map.error.ref.signal.name} = ${values[map.error.ref.signal.name]} is no error code the mapping knows`;
    }
    return undefined;
  };

  const receive = (frame: CanFrame): void => {
    const entry = received.get(frameKey(frame));
    if (entry === undefined || frame.rtr) return;
    let values: SignalValues;
    try {
      values = decodeMessage(entry.message, frame.data);
    } catch (err) {
      return fault('frame', `${(err as Error).message} (does the DBC match the vehicle?)`, entry.message.name);
    }
    const problem = implausible(entry.message, values);
    if (problem !== undefined) return fault('implausible', problem, entry.message.name);
    entry.values = values;
    entry.lastSeen = clock.now();
    if (!entry.timedOut) arm(entry);
    publish();
  };

  // What goes out: the commands as last given, a counter per message.
  let commands: CommandState = INITIAL_COMMANDS;
  const counters = new Map<DbcMessage, number>();
  const sentValues = new Map<DbcMessage, SignalValues>();
  const unsent = new Set<DbcMessage>();
  const send = (transmit: VehicleNetworkMap['transmit'][number]): void => {
    const counter = counters.get(transmit.message) ?? 0;
    const values = transmitValues(transmit, commands, counter);
    counters.set(transmit.message, counter >= counterMax(transmit) ? 0 : counter + 1);
    sentValues.set(transmit.message, values);
    try {
      port.send(encodeMessage(transmit.message, values));
      if (unsent.delete(transmit.message)) warn(`${transmit.message.name} sent again`);
    } catch (err) {
      // Once per outage, not every cycle: a bus without acknowledgement refuses every frame.
      if (!unsent.has(transmit.message)) warn(`${transmit.message.name} not sent: ${(err as Error).message}`);
      unsent.add(transmit.message);
    }
    changes$.next();
  };

  const subscription = port.frames$.subscribe({
    next: receive,
    error: (err: unknown) => fault('port', `${port.name}: ${err instanceof Error ? err.message : String(err)}`),
  });
  for (const entry of received.values()) arm(entry);
  for (const transmit of map.transmit) {
    send(transmit);
    scheduler.every(transmit.cycleTimeMs, () => send(transmit));
  }

  return {
    status$: status$.asObservable(),
    get status() {
      return latest;
    },
    get faults() {
      return faults;
    },
    get extras() {
      return extras();
    },
    changes$: changes$.asObservable(),
    firstStatus(timeoutMs) {
      return new Promise<VehicleStatus>((resolve, reject) => {
        if (latest) return resolve(latest);
        if (faults[0]) return reject(new VehicleNetworkError(faults[0]));
        const timer = clock.setTimeout(() => {
          watch.unsubscribe();
          const missing = [...received.values()].filter((e) => e.values === undefined).map((e) => e.message.name);
          reject(new VehicleNetworkError({ kind: 'timeout', reason: `no complete status within ${timeoutMs} ms (missing: ${missing.join(', ') || 'a required value'})`, at: clock.now() }));
        }, timeoutMs);
        const watch = changes$.subscribe(() => {
          if (!latest && !faults[0]) return;
          clock.clearTimeout(timer);
          watch.unsubscribe();
          if (latest) resolve(latest);
          else reject(new VehicleNetworkError(faults[0]!));
        });
      });
    },
    command(command: VehicleCommand) {
      const next = applyCommand(commands, command);
      // A value the message cannot carry is refused here, to the session, before it replaces what goes out cyclically.
      const saturating = (signal: DbcSignal, value: number): void => warn(`${signal.name} = ${value} is outside ${signal.range?.min}..${signal.range?.max}: sent as the nearest limit`);
      for (const transmit of map.transmit) encodeMessage(transmit.message, transmitValues(transmit, next, 0, saturating));
      const changed = map.transmit.filter((t) => JSON.stringify(transmitValues(t, next, 0)) !== JSON.stringify(transmitValues(t, commands, 0)));
      commands = next;
      for (const transmit of changed) send(transmit);
    },
    view() {
      return {
        port: port.name,
        received: [...received.values()].map((e) => ({
          name: e.message.name,
          timeoutMs: e.timeoutMs,
          timedOut: e.timedOut,
          values: e.values ?? {},
          ...(e.lastSeen !== undefined ? { lastSeen: e.lastSeen } : {}),
        })),
        sent: map.transmit.map((t) => ({ name: t.message.name, cycleTimeMs: t.cycleTimeMs, values: sentValues.get(t.message) ?? {} })),
        extras: extras(),
        faults: [...faults],
      };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      subscription.unsubscribe();
      scheduler.cancelAll();
      for (const entry of received.values()) if (entry.timer !== undefined) clock.clearTimeout(entry.timer);
      status$.complete();
      changes$.complete();
    },
  };
}

function applyCommand(state: CommandState, command: VehicleCommand): CommandState {
  switch (command.type) {
    case 'contactors':
      return { ...state, contactorsClosed: command.closed };
    case 'controlPilot':
      return { ...state, controlPilot: command.state };
    case 'charging':
      return { ...state, charging: { active: command.active, voltage: command.voltage, current: command.current, phases: command.phases ?? 0 } };
  }
}
