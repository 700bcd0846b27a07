/**
 * The ISO 15118-2 EVCC and SECC machines wired to each other in a test, without sockets: every message one emits is
 * encoded with `encode('iso2', …)` (the oracle: a message the codec refuses fails the test), decoded again and
 * delivered to the other; a small power module answers the SECC's commands. Time is a SimulatedClock.
 */
import { createActor, SimulatedClock, type Actor, type InspectionEvent } from 'xstate';
import type { EvseStatus, PowerCommand } from '../../adapters/evse.js';
import type { VehicleCommand, VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import { decode, encode } from '../../codecs/exi/index.js';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { iso2EvccMachine, type Iso2EvccInput } from '../../machines/iso2/iso2-evcc.js';
import { bodyElement, iso2Message, type Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { iso2SeccMachine, type Iso2SeccInput } from '../../machines/iso2/iso2-secc.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';

export const SESSION_ID = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
export const EVCC_ID = Uint8Array.of(0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc);

export const VEHICLE: VehicleStatus = {
  soc: 40,
  batteryVoltage: 380,
  targetVoltage: 400,
  targetCurrent: 100,
  maxVoltage: 450,
  maxCurrent: 200,
  maxPower: 80_000,
  minCurrent: 6,
  energyCapacity: 60_000,
  energyRequest: 30_000,
  fullSoc: 90,
  bulkSoc: 80,
  ready: true,
  stopRequested: false,
};

export const EVSE: EvseStatus = {
  presentVoltage: 0,
  presentCurrent: 0,
  isolation: 'Invalid',
  isolationCheckRunning: false,
  maxVoltage: 500,
  maxCurrent: 125,
  maxPower: 50_000,
  minVoltage: 150,
  minCurrent: 0,
  nominalVoltage: 230,
  ready: false,
  meterWh: 0,
  notification: 'None',
  authorized: true,
};

export function evccInput(mode: 'ac' | 'dc', extra: Partial<Iso2EvccInput> = {}): Iso2EvccInput {
  const base = { timing: timingFor('iso2'), evccId: EVCC_ID, vehicle: VEHICLE, loopInterval: 100, prechargeTolerance: 20 };
  const modeInput =
    mode === 'ac' ? { mode, energyTransferMode: 'AC_three_phase_core' as const } : { mode, energyTransferMode: 'DC_extended' as const };
  return { ...base, ...modeInput, ...extra } as Iso2EvccInput;
}

export function seccInput(extra: Partial<Iso2SeccInput> = {}): Iso2SeccInput {
  return {
    timing: timingFor('iso2'),
    evseId: 'DE*ABC*E1234567*1',
    newSessionId: SESSION_ID,
    energyTransferModes: ['AC_three_phase_core', 'DC_extended'],
    ...extra,
  };
}

/** PhysicalValues as the tests write them, Multiplier 0. */
export const V = (value: number) => ({ Multiplier: 0, Unit: 'V', Value: value }) as const;
export const A = (value: number) => ({ Multiplier: 0, Unit: 'A', Value: value }) as const;
export const W = (value: number) => ({ Multiplier: 0, Unit: 'W', Value: value }) as const;

/** How a session machine ended, as the tests compare it: `stopped`, `failed: V2G_SECC_Sequence_Timeout`. */
export function outcomeText(output: SessionOutcome): string {
  return `${output.result}${output.reason ? `: ${output.reason}` : ''}`;
}

/** `SessionSetupReq`, or with the response code: `SessionSetupRes:OK_NewSessionEstablished`. */
export function label(message: Iso2Message): string {
  const element = bodyElement(message);
  if (!element.ok) return element.reason;
  const code = (element.value as { ResponseCode?: string }).ResponseCode;
  return code === undefined ? element.name : `${element.name}:${code}`;
}

/** The oracle every message passes: the schema's encoder, then its decoder, as the channel would. */
export function overTheWire(message: Iso2Message): Iso2Message {
  const doc = decode('iso2', encode('iso2', message));
  if (!('V2G_Message' in doc)) throw new Error('decoded document is not a V2G_Message');
  return doc;
}

export interface PowerModuleOptions {
  /** What the module reports at first, over EVSE. */
  readonly evse?: Partial<EvseStatus>;
  /** How long the insulation test takes; Infinity: it never finishes. */
  readonly isolationMs?: number;
  /** The output follows precharge setpoints; false: it stays at 0 V. */
  readonly followsPrecharge?: boolean;
}

/** A power stage just real enough for the SECC: setpoints become measurements, the insulation test takes time. */
/** Its status reaches the SECC with each request, as the session runner hands it over. */
export class PowerModule {
  status: EvseStatus;
  readonly commands: PowerCommand[] = [];

  constructor(
    private readonly clock: SimulatedClock,
    initial: EvseStatus,
    private readonly options: PowerModuleOptions = {},
  ) {
    this.status = initial;
  }

  set(change: Partial<EvseStatus>): void {
    this.status = { ...this.status, ...change };
  }

  command(command: PowerCommand): void {
    this.commands.push(command);
    switch (command.type) {
      case 'isolationCheck': {
        this.set({ isolationCheckRunning: true, isolation: 'Invalid' });
        const ms = this.options.isolationMs ?? 300;
        if (Number.isFinite(ms)) this.clock.setTimeout(() => this.set({ isolationCheckRunning: false, isolation: 'Valid' }), ms);
        break;
      }
      case 'precharge':
        if (this.options.followsPrecharge !== false) this.set({ presentVoltage: command.voltage, ready: true });
        break;
      case 'deliver':
        this.set({ presentVoltage: command.voltage, presentCurrent: command.current });
        break;
      case 'stop':
        this.set({ presentVoltage: 0, presentCurrent: 0, ready: false });
        break;
      case 'contactors':
        break;
    }
  }
}

export interface Wired {
  readonly clock: SimulatedClock;
  readonly evcc: Actor<typeof iso2EvccMachine>;
  readonly secc: Actor<typeof iso2SeccMachine>;
  readonly power: PowerModule;
  /** `EVCC SessionSetupReq`, `SECC SessionSetupRes:OK_NewSessionEstablished`, … in order. */
  readonly log: string[];
  /** Every message as sent, in order, with the simulated time it left. */
  readonly messages: { readonly from: 'EVCC' | 'SECC'; readonly message: Iso2Message; readonly at: number }[];
  readonly vehicleCommands: VehicleCommand[];
  readonly closes: { readonly by: 'EVCC' | 'SECC'; readonly reason: string; readonly at: number }[];
  /** From now on nothing of the SECC's reaches the EVCC, neither a response nor its close (the EVCC's timers then run out). */
  silenceSecc(): void;
  /** Advances the clock in small steps (a big jump would not let timers set during it fire in order). */
  advance(ms: number, step?: number): void;
  /** Advances until both machines are done, at most `maxMs`. */
  runToEnd(maxMs?: number): void;
  done(): boolean;
}

export interface WireHooks {
  /** Sees every step of both machines. */
  readonly inspect?: (event: InspectionEvent) => void;
  /**
   * Each SECC response, from the first, reaches the EVCC as this makes it (the log records what the SECC sent);
   * `silence` silences the SECC from this response on.
   */
  readonly alterSecc?: (message: Iso2Message, silence: () => void) => Iso2Message;
  /** Sees each EVCC request as it is sent. */
  readonly onEvccSend?: (message: Iso2Message) => void;
}

export function wire(evcc: Iso2EvccInput, secc: Iso2SeccInput, options: PowerModuleOptions = {}, hooks: WireHooks = {}): Wired {
  const { inspect } = hooks;
  const clock = new SimulatedClock();
  const seccActor = createActor(iso2SeccMachine, { clock, input: secc, inspect });
  const evccActor = createActor(iso2EvccMachine, { clock, input: evcc, inspect });
  const log: string[] = [];
  const messages: Wired['messages'][number][] = [];
  const vehicleCommands: VehicleCommand[] = [];
  const closes: Wired['closes'][number][] = [];
  const power = new PowerModule(clock, { ...EVSE, ...options.evse }, options);

  let seccSilenced = false;
  const alter = hooks.alterSecc ?? ((message: Iso2Message): Iso2Message => message);
  const silence = (): void => {
    seccSilenced = true;
  };
  const deliver = (to: Actor<typeof iso2EvccMachine> | Actor<typeof iso2SeccMachine>, from: 'EVCC' | 'SECC', message: Iso2Message) => {
    log.push(`${from} ${label(message)}`);
    messages.push({ from, message, at: clock.now() });
    if (from === 'EVCC') hooks.onEvccSend?.(message);
    const received = v2gDocument('iso2', overTheWire(from === 'SECC' ? alter(message, silence) : message));
    if (from === 'SECC' && seccSilenced) return;
    if (to.getSnapshot().status !== 'active') return;
    if (to === seccActor) seccActor.send({ type: 'channel.received', message: received, evse: power.status, time: clock.now() });
    else evccActor.send({ type: 'channel.received', message: received });
  };
  evccActor.on('channel.send', (e) => deliver(seccActor, 'EVCC', e.message.document));
  seccActor.on('channel.send', (e) => deliver(evccActor, 'SECC', e.message.document));
  evccActor.on('channel.close', (e) => {
    closes.push({ by: 'EVCC', reason: e.reason, at: clock.now() });
    if (seccActor.getSnapshot().status === 'active') seccActor.send({ type: 'channel.closed', reason: 'EVCC closed TCP' });
  });
  seccActor.on('channel.close', (e) => {
    closes.push({ by: 'SECC', reason: e.reason, at: clock.now() });
    if (!seccSilenced && evccActor.getSnapshot().status === 'active') evccActor.send({ type: 'channel.closed', reason: 'SECC closed TCP' });
  });
  evccActor.on('vehicle.command', (e) => vehicleCommands.push(e.command));
  seccActor.on('evse.command', (e) => power.command(e.command));

  const done = () => evccActor.getSnapshot().status === 'done' && seccActor.getSnapshot().status === 'done';
  const advance = (ms: number, step = 10) => {
    for (let t = 0; t < ms; t += step) clock.increment(Math.min(step, ms - t));
  };
  seccActor.start();
  evccActor.start();
  return {
    clock,
    evcc: evccActor,
    secc: seccActor,
    power,
    log,
    messages,
    vehicleCommands,
    closes,
    advance,
    done,
    silenceSecc: silence,
    runToEnd(maxMs = 120_000) {
      for (let t = 0; t < maxMs && !done(); t += 10) clock.increment(10);
    },
  };
}

/** The EV's battery reads full, so the charging loop ends at its next turn; an EVCC already done is left alone. */
export function batteryFull(w: Wired): void {
  if (w.evcc.getSnapshot().status === 'active') w.evcc.send({ type: 'vehicle.status', status: { ...VEHICLE, soc: VEHICLE.fullSoc } });
}

/** Charges for `ms`, then the battery reads full; runs until both machines are done. */
export function chargeThenFull(w: Wired, ms: number): void {
  w.advance(ms);
  batteryFull(w);
  w.runToEnd();
}

/** One machine alone, its peer scripted by the test: what it sent and emitted, and a way to give it messages. */
export interface Scripted<A> {
  readonly clock: SimulatedClock;
  readonly actor: A;
  readonly sent: Iso2Message[];
  readonly closes: string[];
  /** Every emitted event's type, with the command for vehicle and EVSE commands. */
  readonly emitted: string[];
  /** The label of the last message sent. */
  last(): string;
  /** Delivers a message with `body` under `sessionId`, through the codec; to the SECC with `evse` instead of its usual status. */
  receive(body: BodyType, sessionId?: Uint8Array, evse?: EvseStatus): void;
  /** Delivers a whole message (a signed one: its header as made), through the codec. */
  deliver(message: Iso2Message, evse?: EvseStatus): void;
  advance(ms: number, step?: number): void;
}

/** The SECC gets `evse` as the power module's status with every message; `inspect` sees its every step. */
export function scriptedSecc(
  input: Iso2SeccInput,
  evse: EvseStatus = EVSE,
  inspect?: (event: InspectionEvent) => void,
): Scripted<Actor<typeof iso2SeccMachine>> {
  const clock = new SimulatedClock();
  const actor = createActor(iso2SeccMachine, { clock, input, inspect });
  return scripted(clock, actor, evse);
}

export function scriptedEvcc(input: Iso2EvccInput, inspect?: (event: InspectionEvent) => void): Scripted<Actor<typeof iso2EvccMachine>> {
  const clock = new SimulatedClock();
  const actor = createActor(iso2EvccMachine, { clock, input, inspect });
  return scripted(clock, actor);
}

function scripted<A extends Actor<typeof iso2EvccMachine> | Actor<typeof iso2SeccMachine>>(clock: SimulatedClock, actor: A, evse?: EvseStatus): Scripted<A> {
  const sent: Iso2Message[] = [];
  const closes: string[] = [];
  const emitted: string[] = [];
  // Both machines take and emit the channel events; one listener type serves either.
  const listen = actor as unknown as Actor<typeof iso2SeccMachine>;
  listen.on('channel.send', (e) => sent.push(overTheWire(e.message.document)));
  listen.on('channel.close', (e) => closes.push(e.reason));
  listen.on('*', (e) => emitted.push('command' in e ? `${e.type} ${JSON.stringify(e.command)}` : e.type));
  actor.start();
  const deliver = (document: Iso2Message, status: EvseStatus | undefined = evse): void => {
    const message = v2gDocument('iso2', overTheWire(document));
    if (status) listen.send({ type: 'channel.received', message, evse: status, time: clock.now() });
    else (actor as Actor<typeof iso2EvccMachine>).send({ type: 'channel.received', message });
  };
  return {
    clock,
    actor,
    sent,
    closes,
    emitted,
    last: () => (sent.length === 0 ? 'nothing sent' : label(sent[sent.length - 1])),
    receive: (body, sessionId = SESSION_ID, status = evse) => deliver(iso2Message(sessionId, body), status),
    deliver,
    advance(ms, step = 10) {
      for (let t = 0; t < ms; t += step) clock.increment(Math.min(step, ms - t));
    },
  };
}
