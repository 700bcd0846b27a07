/**
 * The mapping file: which signal of the vehicle's DBC is which value of the vehicle interface (base/vehicle/),
 * how long each message may stay away, and which message carries the charging session's commands. It is the part an
 * OEM writes beside its own DBC; examples/vehicle-network/generic-bms.json is the template, README.md there the
 * reference. Every reference is checked against the DBC when loaded, so a typo is an error naming it, never a value
 * silently missing.
 *
 * Each entry names the VehicleStatus field it feeds (`status.soc`, `status.maxCurrent`, ...). The EMS's V2X permission
 * and target SoC, and the contactors' state, go under `extras`: decoded, supervised and shown; the first two also feed
 * the vehicle's energy wishes (`dischargeAllowed`, `targetSoc`).
 */
import type { DbcMessage, DbcSignal, Dbc } from '../../codecs/can/dbc.js';
import type { VehicleError, VehicleStatus } from '../vehicle/vehicle-adapter.js';

export const VEHICLE_ERRORS: readonly VehicleError[] = [
  'FAILED_RESSTemperatureInhibit',
  'FAILED_EVShiftPosition',
  'FAILED_ChargerConnectorLockFault',
  'FAILED_EVRESSMalfunction',
  'FAILED_ChargingCurrentdifferential',
  'FAILED_ChargingVoltageOutOfRange',
  'FAILED_ChargingSystemIncompatibility',
];

/** VehicleStatus's numbers a vehicle must report; each from a signal or a constant. */
export const REQUIRED_NUMBERS = [
  'soc', 'batteryVoltage', 'targetVoltage', 'targetCurrent', 'maxVoltage', 'maxCurrent', 'maxPower', 'minCurrent',
  'energyCapacity', 'energyRequest', 'fullSoc', 'bulkSoc',
] as const satisfies readonly (keyof VehicleStatus)[];
/** VehicleStatus's numbers that may be unknown: the departure, the remaining times, and what ISO 15118-20 adds. */
export const OPTIONAL_NUMBERS = [
  'departureTime', 'remainingTimeToFullSoc', 'remainingTimeToBulkSoc', 'minSoc', 'minVoltage', 'minPower', 'maxDischargePower',
  'minDischargePower', 'maxDischargeCurrent', 'minDischargeCurrent', 'minimumEnergyRequest', 'maximumEnergyRequest',
  'minimumV2XEnergyRequest', 'maximumV2XEnergyRequest',
] as const satisfies readonly (keyof VehicleStatus)[];
export const FLAGS = ['ready', 'stopRequested'] as const satisfies readonly (keyof VehicleStatus)[];
/** Values shown beside the status; `v2xPermission` and `targetSoc` feed the EMS wishes (base/vehicle/ev-energy-wishes.ts). */
export const EXTRAS = ['v2xPermission', 'targetSoc', 'contactorState'] as const;
/** What the charging session commands (base/vehicle/charging-control.ts VehicleCommand), as a transmitted signal's source. */
export const COMMAND_VALUES = [
  'contactors.closed', 'controlPilot.state', 'charging.active', 'charging.voltage', 'charging.current', 'charging.phases',
] as const;

export type RequiredNumber = (typeof REQUIRED_NUMBERS)[number];
export type OptionalNumber = (typeof OPTIONAL_NUMBERS)[number];
export type NumberField = RequiredNumber | OptionalNumber;
export type Flag = (typeof FLAGS)[number];
export type Extra = (typeof EXTRAS)[number];
export type CommandValue = (typeof COMMAND_VALUES)[number];

export interface SignalRef {
  readonly message: DbcMessage;
  readonly signal: DbcSignal;
}

export type NumberSource =
  | {
      readonly kind: 'signal';
      readonly ref: SignalRef;
      /** The interface's value = the signal's physical value × scale (kW → W: 1000). */
      readonly scale: number;
      /** The physical value by which the sender says "not available" (J1939's all ones, say). */
      readonly unavailable?: number;
    }
  | { readonly kind: 'constant'; readonly value: number };

export type FlagSource = { readonly kind: 'signals'; readonly refs: readonly SignalRef[] } | { readonly kind: 'constant'; readonly value: boolean };

export interface ErrorSource {
  readonly ref: SignalRef;
  /** Every raw code the sender may send; a code not here is implausible. */
  readonly codes: ReadonlyMap<number, VehicleError | 'NO_ERROR'>;
}

export type TransmitSource =
  | { readonly kind: 'command'; readonly value: CommandValue; readonly names?: ReadonlyMap<string, number> }
  | { readonly kind: 'constant'; readonly value: number }
  /** A rolling counter, one up per frame, wrapping after the signal's largest raw value (an alive counter). */
  | { readonly kind: 'counter' };

export interface TransmitMessage {
  readonly message: DbcMessage;
  readonly cycleTimeMs: number;
  readonly signals: ReadonlyMap<string, TransmitSource>;
}

export interface VehicleNetworkMap {
  readonly numbers: ReadonlyMap<NumberField, NumberSource>;
  readonly flags: ReadonlyMap<Flag, FlagSource>;
  readonly error?: ErrorSource;
  readonly extras: ReadonlyMap<Extra, NumberSource>;
  /** Each received message the status or the extras need, with how long it may stay away before it is a fault. */
  readonly timeouts: ReadonlyMap<DbcMessage, number>;
  /** The EV error code a fault of the network (a timeout, an implausible value, a frame that does not fit) reports. */
  readonly onFault: VehicleError;
  readonly transmit: readonly TransmitMessage[];
}

/** A mapping that does not fit its DBC or the format, naming the entry (`status.soc`, `transmit.EVCC_Command`). */
export class MappingError extends Error {
  override readonly name = 'MappingError';

  constructor(
    readonly path: string,
    readonly reason: string,
    readonly file?: string,
  ) {
    super(`${file ?? 'mapping'}: ${path}: ${reason}`);
  }
}

/** A message supervised without a timeout of its own may stay away this many cycle times. */
const TIMEOUT_CYCLES = 3;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function parseMapping(text: string, dbc: Dbc, file?: string): VehicleNetworkMap {
  const fail = (path: string, reason: string): never => {
    throw new MappingError(path, reason, file);
  };
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (err) {
    return fail('(file)', `not JSON: ${(err as Error).message}`);
  }
  const object = (value: Json | undefined, path: string): { [key: string]: Json } =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? value : fail(path, 'an object expected');
  const finite = (value: Json | undefined, path: string): number => (typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number expected'));
  const root = object(json, '(file)');
  for (const key of Object.keys(root)) {
    if (!['$comment', 'status', 'extras', 'timeouts', 'onFault', 'transmit'].includes(key)) fail(key, 'unknown section');
  }

  const used = new Set<DbcMessage>();
  const signalRef = (value: Json | undefined, path: string): SignalRef => {
    if (typeof value !== 'string') return fail(path, 'a signal "Message.Signal" expected');
    const [messageName, signalName, ...rest] = value.split('.');
    if (!signalName || rest.length > 0) return fail(path, `"${value}": a signal is named "Message.Signal"`);
    const message = dbc.messages.find((m) => m.name === messageName) ?? fail(path, `the DBC has no message ${messageName}`);
    const signal = message.signals.find((s) => s.name === signalName) ?? fail(path, `message ${messageName} has no signal ${signalName}`);
    used.add(message);
    return { message, signal };
  };
  const numberSource = (value: Json | undefined, path: string): NumberSource => {
    if (typeof value === 'string') return { kind: 'signal', ref: signalRef(value, path), scale: 1 };
    const entry = object(value, path);
    if ('constant' in entry) return { kind: 'constant', value: finite(entry.constant, `${path}.constant`) };
    for (const key of Object.keys(entry)) if (!['signal', 'scale', 'unavailable'].includes(key)) fail(`${path}.${key}`, 'unknown key');
    const scale = entry.scale === undefined ? 1 : finite(entry.scale, `${path}.scale`);
    if (scale === 0) fail(`${path}.scale`, 'must not be 0');
    return {
      kind: 'signal',
      ref: signalRef(entry.signal, `${path}.signal`),
      scale,
      ...(entry.unavailable !== undefined ? { unavailable: finite(entry.unavailable, `${path}.unavailable`) } : {}),
    };
  };
  /** A signal's named values: the mapping's own, else the DBC's VAL_ table. */
  const namedValues = (ref: SignalRef, given: Json | undefined, path: string): Map<string, number> => {
    if (given !== undefined) {
      return new Map(Object.entries(object(given, path)).map(([name, raw]) => [name, finite(raw, `${path}.${name}`)]));
    }
    if (ref.signal.values === undefined) return fail(path, `${ref.message.name}.${ref.signal.name} has no value names (VAL_) in the DBC: give them here`);
    return new Map([...ref.signal.values].map(([raw, name]) => [name, raw]));
  };

  const status = object(root.status ?? fail('status', 'missing'), 'status');
  const numbers = new Map<NumberField, NumberSource>();
  const flags = new Map<Flag, FlagSource>();
  let error: ErrorSource | undefined;
  for (const [key, value] of Object.entries(status)) {
    const path = `status.${key}`;
    if (key === '$comment') continue;
    if ((REQUIRED_NUMBERS as readonly string[]).includes(key) || (OPTIONAL_NUMBERS as readonly string[]).includes(key)) {
      numbers.set(key as NumberField, numberSource(value, path));
    } else if ((FLAGS as readonly string[]).includes(key)) {
      if (typeof value === 'boolean') flags.set(key as Flag, { kind: 'constant', value });
      else flags.set(key as Flag, { kind: 'signals', refs: (Array.isArray(value) ? value : [value]).map((v, i) => signalRef(v, Array.isArray(value) ? `${path}[${i}]` : path)) });
    } else if (key === 'error') {
      const entry = object(value, path);
      const ref = signalRef(entry.signal, `${path}.signal`);
      const codes = new Map<number, VehicleError | 'NO_ERROR'>();
      for (const [name, raw] of namedValues(ref, entry.codes, `${path}.codes`)) {
        if (name !== 'NO_ERROR' && !(VEHICLE_ERRORS as readonly string[]).includes(name)) {
          fail(`${path}.codes`, `"${name}" is neither NO_ERROR nor an EV error code (${VEHICLE_ERRORS.join(', ')})`);
        }
        codes.set(raw, name as VehicleError | 'NO_ERROR');
      }
      error = { ref, codes };
    } else {
      fail(path, `VehicleStatus has no field ${key} (${[...REQUIRED_NUMBERS, ...OPTIONAL_NUMBERS, ...FLAGS, 'error'].join(', ')}); values it has no field for yet go under "extras"`);
    }
  }
  for (const field of REQUIRED_NUMBERS) if (!numbers.has(field)) fail(`status.${field}`, 'missing: a signal or { "constant": N }');
  for (const field of FLAGS) if (!flags.has(field)) fail(`status.${field}`, 'missing: a signal, a list of signals (any set) or true/false');

  const extras = new Map<Extra, NumberSource>();
  for (const [key, value] of Object.entries(object(root.extras ?? {}, 'extras'))) {
    if (key === '$comment') continue;
    if (!(EXTRAS as readonly string[]).includes(key)) fail(`extras.${key}`, `unknown value (${EXTRAS.join(', ')})`);
    extras.set(key as Extra, numberSource(value, `extras.${key}`));
  }

  const timeouts = new Map<DbcMessage, number>();
  const givenTimeouts = object(root.timeouts ?? {}, 'timeouts');
  for (const [name, value] of Object.entries(givenTimeouts)) {
    const message = dbc.messages.find((m) => m.name === name) ?? fail(`timeouts.${name}`, 'the DBC has no such message');
    if (!used.has(message)) fail(`timeouts.${name}`, 'no status or extras value comes from this message');
    const ms = finite(value, `timeouts.${name}`);
    if (!(ms > 0)) fail(`timeouts.${name}`, 'must be positive');
    timeouts.set(message, ms);
  }
  for (const message of used) {
    if (timeouts.has(message)) continue;
    if (message.cycleTimeMs === undefined) fail(`timeouts.${message.name}`, 'missing, and the DBC gives the message no GenMsgCycleTime to derive it from');
    timeouts.set(message, TIMEOUT_CYCLES * message.cycleTimeMs!);
  }

  const onFault = root.onFault ?? 'FAILED_EVRESSMalfunction';
  if (typeof onFault !== 'string' || !(VEHICLE_ERRORS as readonly string[]).includes(onFault)) fail('onFault', `one of ${VEHICLE_ERRORS.join(', ')}`);

  const transmit: TransmitMessage[] = [];
  for (const [name, value] of Object.entries(object(root.transmit ?? {}, 'transmit'))) {
    const path = `transmit.${name}`;
    const message = dbc.messages.find((m) => m.name === name) ?? fail(path, 'the DBC has no such message');
    const entry = object(value, path);
    const cycleTimeMs = entry.cycleTimeMs === undefined ? message.cycleTimeMs ?? fail(`${path}.cycleTimeMs`, 'missing, and the DBC gives no GenMsgCycleTime') : finite(entry.cycleTimeMs, `${path}.cycleTimeMs`);
    if (!(cycleTimeMs > 0)) fail(`${path}.cycleTimeMs`, 'must be positive');
    const signals = new Map<string, TransmitSource>();
    for (const [signalName, source] of Object.entries(object(entry.signals, `${path}.signals`))) {
      const signalPath = `${path}.signals.${signalName}`;
      const signal = message.signals.find((s) => s.name === signalName) ?? fail(signalPath, `message ${name} has no such signal`);
      const spec = typeof source === 'string' ? { command: source } : object(source, signalPath);
      if (spec.counter === true) signals.set(signalName, { kind: 'counter' });
      else if ('constant' in spec) signals.set(signalName, { kind: 'constant', value: finite(spec.constant, `${signalPath}.constant`) });
      else if (typeof spec.command === 'string') {
        if (!(COMMAND_VALUES as readonly string[]).includes(spec.command)) fail(signalPath, `"${spec.command}" is not a command value (${COMMAND_VALUES.join(', ')})`);
        // The pilot state is a name (B, C): its raw value comes from the mapping or the DBC's value names.
        const names = spec.command === 'controlPilot.state' ? namedValues({ message, signal }, spec.values, `${signalPath}.values`) : undefined;
        if (names && !(names.has('B') && names.has('C'))) fail(signalPath, 'the value names must include B and C');
        signals.set(signalName, { kind: 'command', value: spec.command as CommandValue, ...(names ? { names } : {}) });
      } else fail(signalPath, 'a command value, { "command": …, "values": {…} }, { "constant": N } or { "counter": true }');
    }
    for (const signal of message.signals) {
      if (!signals.has(signal.name)) fail(`${path}.signals.${signal.name}`, 'missing: every signal of a transmitted message needs a source');
    }
    transmit.push({ message, cycleTimeMs, signals });
  }

  return { numbers, flags, ...(error ? { error } : {}), extras, timeouts, onFault: onFault as VehicleError, transmit };
}
