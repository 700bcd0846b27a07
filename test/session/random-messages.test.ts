/**
 * The session machines against what a peer may send that the codec accepts but no test scripted: a normal session
 * with one message swapped for a random, schema-valid document (mostly of the type due, else of any type of that
 * direction), and, for the SECC, now and then a power module reporting odd but finite readings. Whatever comes, the
 * machine must not fail with an error and must reach its end, and every message it sends must pass the codec: a
 * schema-valid message never ends a session through a message of ours that cannot be encoded. Seeded, so a failure
 * names the trial that regenerates it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock, type AnyStateMachine } from 'xstate';
import { decode, encode, type SchemaName } from '../../codecs/exi/index.js';
import { schemaModel } from '../../codecs/exi/json.js';
import { evccRequestBody, type EvccStep } from '../../machines/din/din-evcc-requests.js';
import { DIN_EVCC_DEFAULTS } from '../../machines/din/din-input.js';
import { dinMessage } from '../../machines/din/din-messages.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import { iso2Message, type Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { iso2SeccMachine } from '../../machines/iso2/iso2-secc.js';
import * as din from '../din/harness.js';
import { wiredSession } from '../din/wiring.js';
import { prng, randomDocument, type Random } from '../exi/random-document.js';
import * as iso2 from '../iso2/wiring.js';
import { NO_LIMITS } from '../../machines/session/evse-limits.js';
import { oddReadings } from '../shared/odd-readings.js';

const TRIALS = 120;

/** What DIN and ISO-2 messages have in common. */
interface V2gMessage {
  readonly V2G_Message: { readonly Body: object };
}

/** A request of the session, and when it reaches the SECC on the session's clock. */
interface Timed {
  readonly message: unknown;
  readonly at: number;
}

interface Protocol {
  readonly name: string;
  readonly schema: SchemaName;
  readonly machine: AnyStateMachine;
  readonly input: unknown;
  readonly requests: readonly Timed[];
  readonly requestNames: readonly string[];
  /** The same session, the request body swapped. */
  readonly swap: (message: unknown, body: object) => unknown;
}

/** The schema's messages of one direction: every global element named …Req or …Res. */
function messageNames(schema: SchemaName, ending: 'Req' | 'Res'): string[] {
  return schemaModel(schema).roots.map((root) => root.key).filter((name) => name.endsWith(ending));
}

/** A whole ISO-2 session between the EVCC and SECC machines, a second of charging, `alter` on the SECC's responses. */
function fullIso2Session(mode: 'ac' | 'dc', alter?: (message: Iso2Message) => Iso2Message): iso2.Wired {
  const wired = iso2.wire(iso2.evccInput(mode), iso2.seccInput(), {}, { alterSecc: alter });
  iso2.chargeThenFull(wired, 1_000);
  return wired;
}

/** The requests of a whole ISO-2 session, as the EVCC sent them. */
function iso2Session(mode: 'ac' | 'dc'): Protocol {
  const wired = fullIso2Session(mode);
  return {
    name: `iso2-${mode}`,
    schema: 'iso2',
    machine: iso2SeccMachine,
    input: iso2.seccInput(),
    requests: wired.messages.filter((m) => m.from === 'EVCC').map(({ message, at }) => ({ message, at })),
    requestNames: messageNames('iso2', 'Req'),
    swap: (message, body) => iso2Message((message as Iso2Message).V2G_Message.Header.SessionID, body),
  };
}

/** A DIN session's requests from the DIN EVCC's own builders, 400 ms apart (the test stage's insulation test takes 300). */
function dinSession(): Protocol {
  const steps: EvccStep[] = [
    'SessionSetup', 'ServiceDiscovery', 'ServicePaymentSelection', 'ContractAuthentication', 'ChargeParameterDiscovery',
    'CableCheck', 'CableCheck', 'PreCharge', 'PowerDeliveryStart', 'CurrentDemand', 'CurrentDemand', 'PowerDeliveryStop',
    'WeldingDetection', 'SessionStop',
  ];
  const context = { input: { ...DIN_EVCC_DEFAULTS, evccId: din.EVCC_ID }, vehicle: din.VEHICLE, serviceId: 1, evseLimits: NO_LIMITS };
  const sessionId = (i: number) => (i === 0 ? new Uint8Array(8) : din.SESSION_ID);
  return {
    name: 'din',
    schema: 'din',
    machine: dinSeccMachine,
    input: din.seccInput(),
    requests: steps.map((step, i) => ({ message: dinMessage(sessionId(i), evccRequestBody(step, context)), at: 400 * (i + 1) })),
    requestNames: messageNames('din', 'Req'),
    swap: (message, body) => dinMessage((message as ReturnType<typeof dinMessage>).V2G_Message.Header.SessionID, body),
  };
}

interface Trial {
  /** What went wrong, one line each. */
  readonly problems: string[];
  /** How the machine under test ended (its output's result: stopped, paused, failed), or its status if it did not. */
  readonly result: string;
}

/** A machine's snapshot at the end of a trial, as a Trial's result. */
function ending(snapshot: { status: string; output?: unknown }): string {
  return snapshot.status === 'done' ? String((snapshot.output as { result?: string } | undefined)?.result) : snapshot.status;
}

/** A random document of the message due, or now and then of any type of that direction. */
function randomBody(rnd: Random, schema: SchemaName, due: string, names: readonly string[]): object {
  const name = rnd() < 0.7 ? due : names[Math.floor(rnd() * names.length)]!;
  return randomDocument(rnd, schema, name) ?? {};
}

/** The session replayed; with `seed`, one request swapped and odd readings now and then. */
function replay(protocol: Protocol, seed?: number): Trial {
  const rnd = prng(seed ?? 0, protocol.name);
  const problems: string[] = [];
  const clock = new SimulatedClock();
  const power = new iso2.PowerModule(clock, { ...iso2.EVSE });
  const actor = createActor(protocol.machine, { clock, input: protocol.input });
  actor.on('channel.send', ({ message }: { message: { readonly document: unknown } }) => {
    try {
      decode(protocol.schema, encode(protocol.schema, message.document as never));
    } catch (err) {
      problems.push(`answer not encodable: ${(err as Error).message}`);
    }
  });
  actor.on('evse.command', ({ command }: { command: Parameters<iso2.PowerModule['command']>[0] }) => power.command(command));
  actor.subscribe({ error: (err) => problems.push(`machine failed: ${(err as Error).message}`) });
  actor.start();
  const swapped = seed === undefined ? -1 : Math.floor(rnd() * protocol.requests.length);
  protocol.requests.forEach(({ message, at }, i) => {
    if (actor.getSnapshot().status !== 'active') return;
    while (clock.now() < at) clock.increment(Math.min(10, at - clock.now()));
    const due = Object.keys((message as V2gMessage).V2G_Message.Body)[0]!;
    const sent = i === swapped ? protocol.swap(message, randomBody(rnd, protocol.schema, due, protocol.requestNames)) : message;
    const evse = seed !== undefined && rnd() < 0.3 ? oddReadings(rnd, power.status) : power.status;
    const received = decode(protocol.schema, encode(protocol.schema, sent as never));
    actor.send({ type: 'channel.received', message: { schema: protocol.schema, document: received }, evse, time: clock.now() });
  });
  // A session still open after the last request (a swap left it waiting) ends as the EV closes the connection.
  if (actor.getSnapshot().status === 'active') actor.send({ type: 'channel.closed', reason: 'the EV closed the connection' });
  const snapshot = actor.getSnapshot();
  actor.stop();
  return { problems, result: ending(snapshot) };
}

/** Every trial's problems with its seed, and each way the sessions ended. */
function trials(trial: (seed: number) => Trial): { problems: string[]; results: string[] } {
  const problems: string[] = [];
  const results = new Set<string>();
  for (let seed = 1; seed <= TRIALS; seed++) {
    const { problems: found, result } = trial(seed);
    problems.push(...found.map((p) => `seed ${seed}: ${p}`));
    results.add(result);
  }
  return { problems, results: [...results].sort() };
}

/** No problem, and some swaps ended the session while others were taken in stride (ISO-2 may also end paused). */
function bothPaths({ problems, results }: { problems: string[]; results: string[] }): void {
  assert.equal(problems, []);
  assert.ok(results.includes('failed') && results.includes('stopped'), results.join(', '));
}

for (const protocol of [dinSession(), iso2Session('ac'), iso2Session('dc')]) {
  test(`${protocol.name} SECC: the session replayed unchanged ends stopped (so the swapped requests land where they should)`, () => {
    assert.ok(protocol.requests.length > 10, `${protocol.requests.length} requests`);
    assert.equal(replay(protocol), { problems: [], result: 'stopped' });
  });

  test(`${protocol.name} SECC: ${TRIALS} sessions with a random request and odd readings: no error, every answer encodes`, () => {
    bothPaths(trials((seed) => replay(protocol, seed)));
  });
}

type WiredMessage = { V2G_Message: { Header: { SessionID: Uint8Array }; Body: object } };

/**
 * A protocol's wired session: `run` plays it to its end, each SECC response passing `alter` on its way and each EVCC
 * request shown to `sent`, and gives the EVCC's last snapshot.
 */
interface EvccSession {
  readonly name: string;
  readonly schema: SchemaName;
  readonly responseNames: readonly string[];
  run(
    alter: <M extends WiredMessage>(message: M, swap: (body: object) => M) => M,
    sent: (message: WiredMessage) => void,
  ): { status: string; output?: unknown; error?: unknown };
}

const EVCC_SESSIONS: readonly EvccSession[] = [
  {
    name: 'din',
    schema: 'din',
    responseNames: messageNames('din', 'Res'),
    run: (alter, sent) =>
      wiredSession(din.VEHICLE, (message) => alter(message, (body) => dinMessage(message.V2G_Message.Header.SessionID, body)), sent).evcc.getSnapshot(),
  },
  ...(['ac', 'dc'] as const).map((mode): EvccSession => ({
    name: `iso2-${mode}`,
    schema: 'iso2',
    responseNames: messageNames('iso2', 'Res'),
    run: (alter, sent) => {
      const wired = iso2.wire(iso2.evccInput(mode), iso2.seccInput(), {}, {
        alterSecc: (message) => alter(message, (body) => iso2Message(message.V2G_Message.Header.SessionID, body)),
        onEvccSend: sent,
      });
      iso2.chargeThenFull(wired, 1_000);
      return wired.evcc.getSnapshot();
    },
  })),
];

/** The limits a charger announced, as the property reads them: independent of the machines' own reading. */
interface Announced {
  readonly maxVoltage: number;
  readonly maxCurrent: number;
  readonly maxPower: number;
}

type Quantity = { Multiplier: number; Value: number };
const si = (q: unknown): number | undefined => (q === undefined ? undefined : (q as Quantity).Value * 10 ** (q as Quantity).Multiplier);

/** `limits` after a response: EVSEMaximum* at its top or in DC_EVSEChargeParameter, and the first schedule's lowest PMax. */
function announcedAfter(limits: Announced, response: WiredMessage): Announced {
  const element = Object.values(response.V2G_Message.Body)[0] as Record<string, unknown> | undefined;
  if (element === undefined) return limits;
  const dc = (element['DC_EVSEChargeParameter'] as Record<string, unknown> | undefined) ?? element;
  type Tuple = { PMaxSchedule: { PMaxScheduleEntry: { PMax: unknown }[] } };
  const tuple = (element['SAScheduleList'] as { SAScheduleTuple?: Tuple[] } | undefined)?.SAScheduleTuple?.[0];
  // DIN's PMax is a bare number, its unit unclear in the field: only ISO-2's PhysicalValue PMax bounds the EV.
  const pMax = tuple?.PMaxSchedule.PMaxScheduleEntry.map((e) => (typeof e.PMax === 'object' ? si(e.PMax)! : Infinity));
  return {
    maxVoltage: si(dc['EVSEMaximumVoltageLimit']) ?? limits.maxVoltage,
    maxCurrent: si(dc['EVSEMaximumCurrentLimit']) ?? limits.maxCurrent,
    maxPower: Math.min(si(dc['EVSEMaximumPowerLimit']) ?? limits.maxPower, pMax ? Math.min(...pMax) : Infinity),
  };
}

/** What in `request` goes beyond `limits`: EVTargetVoltage, EVTargetCurrent, and their product against the power. */
function beyond(limits: Announced, request: WiredMessage): string | undefined {
  const [name, element] = Object.entries(request.V2G_Message.Body)[0] ?? [];
  const target = element as { EVTargetVoltage?: Quantity; EVTargetCurrent?: Quantity } | undefined;
  const voltage = si(target?.EVTargetVoltage);
  const current = si(target?.EVTargetCurrent);
  if (voltage === undefined || current === undefined) return undefined;
  // PhysicalValue keeps 4-5 digits: a target at the limit may round a hair above it.
  const above = (value: number, limit: number) => value > limit * (1 + 1e-4) + 1e-3;
  if (above(voltage, limits.maxVoltage)) return `${name} EVTargetVoltage ${voltage} V above ${limits.maxVoltage} V`;
  if (above(current, limits.maxCurrent)) return `${name} EVTargetCurrent ${current} A above ${limits.maxCurrent} A`;
  if (above(voltage * current, limits.maxPower)) return `${name} ${voltage} V × ${current} A above ${limits.maxPower} W`;
  return undefined;
}

const NOTHING_ANNOUNCED: Announced = { maxVoltage: Infinity, maxCurrent: Infinity, maxPower: Infinity };

/**
 * `message` with the EVSEMaximum* it carries (at its top or in DC_EVSEChargeParameter) set to random values a charger
 * might announce, many below what the vehicle wants: so the property meets limits that bind.
 */
function lowLimits<M extends WiredMessage>(rnd: Random, message: M, swap: (body: object) => M): M {
  const [name, element] = Object.entries(message.V2G_Message.Body)[0] as [string, Record<string, unknown>];
  const holder = element['DC_EVSEChargeParameter'] ? 'DC_EVSEChargeParameter' : undefined;
  const fields = (holder ? element[holder] : element) as Record<string, unknown>;
  if (fields['EVSEMaximumCurrentLimit'] === undefined) return message;
  const pick = (min: number, max: number, unit: string) => ({ Multiplier: 0, Unit: unit, Value: Math.round(min + rnd() * (max - min)) });
  const limited = {
    ...fields,
    EVSEMaximumVoltageLimit: pick(350, 600, 'V'),
    EVSEMaximumCurrentLimit: pick(1, 150, 'A'),
    EVSEMaximumPowerLimit: { Multiplier: 1, Unit: 'W', Value: Math.round(100 + rnd() * 6_000) },
  };
  return swap({ [name]: holder ? { ...element, [holder]: limited } : limited });
}

/**
 * The session with the EVCC's `swapped`-th response replaced by a random one; without `seed`, unchanged. Each request's
 * targets are checked against the limits the responses before it announced.
 */
function evccTrial(session: EvccSession, seed?: number): Trial & { responses: number; targets: number } {
  const rnd = prng(seed ?? 0, `${session.name}-evcc`);
  const swapped = seed === undefined ? -1 : Math.floor(rnd() * 40);
  let responses = 0;
  let targets = 0;
  let limits = NOTHING_ANNOUNCED;
  const problems: string[] = [];
  let snapshot: { status: string; output?: unknown; error?: unknown } = { status: 'not started' };
  try {
    snapshot = session.run(
      (message, swap) => {
        const due = Object.keys(message.V2G_Message.Body)[0]!;
        const limited = seed !== undefined && rnd() < 0.2 ? lowLimits(rnd, message, swap) : message;
        const reply = responses++ !== swapped ? limited : swap(randomBody(rnd, session.schema, due, session.responseNames));
        limits = announcedAfter(limits, reply);
        return reply;
      },
      (request) => {
        const problem = beyond(limits, request);
        if (problem !== undefined) problems.push(problem);
        if ((Object.values(request.V2G_Message.Body)[0] as { EVTargetCurrent?: unknown } | undefined)?.EVTargetCurrent !== undefined) targets++;
      },
    );
  } catch (err) {
    // The wiring encodes every message the EVCC sends: one it cannot encode throws out of here.
    problems.push(`request not encodable: ${(err as Error).message}`);
  }
  if (snapshot.status === 'error') problems.push(`machine failed: ${(snapshot.error as Error).message}`);
  if (snapshot.status === 'active') problems.push('the session did not end');
  return { problems, result: ending(snapshot), responses, targets };
}

for (const session of EVCC_SESSIONS) {
  test(`${session.name} EVCC: ${TRIALS} sessions with one of the first 40 responses random: no error, every request encodes, every session ends, no target above the EVSE's last limits`, () => {
    const unchanged = evccTrial(session);
    assert.equal({ problems: unchanged.problems, result: unchanged.result }, { problems: [], result: 'stopped' });
    assert.ok(unchanged.responses >= 10, `${unchanged.responses} responses`);
    if (session.name !== 'iso2-ac') assert.ok(unchanged.targets >= 3, `${unchanged.targets} requests with targets`);
    bothPaths(trials((seed) => evccTrial(session, seed)));
  });
}

test.run();
