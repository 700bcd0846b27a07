/**
 * The session machines against what a peer may send that the codec accepts but no test scripted: a normal session
 * with one message swapped for a random, schema-valid document (mostly of the type due, else of any type of that
 * direction), and, for the SECC, now and then a power module reporting odd but finite readings. Whatever comes, the
 * machine must not fail with an error and must reach its end, and every message it sends must pass the codec: a
 * schema-valid message never ends a session through a message of ours that cannot be encoded. Seeded, so a failure
 * names the trial that regenerates it. The EVCC side runs for ISO-2 (DIN's EVCC has no wired harness to swap in).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock, type AnyStateMachine } from 'xstate';
import type { EvseStatus } from '../../adapters/evse.js';
import { decode, encode, type SchemaName } from '../../codecs/exi/index.js';
import { evccRequestBody, type EvccStep } from '../../machines/din/evcc-requests.js';
import { DIN_EVCC_DEFAULTS } from '../../machines/din/input.js';
import { dinMessage, DIN_REQUESTS } from '../../machines/din/messages.js';
import { dinSeccMachine } from '../../machines/din/secc.js';
import { iso2Message, type Iso2Message } from '../../machines/iso2/messages.js';
import { iso2SeccMachine } from '../../machines/iso2/secc.js';
import * as din from '../din/harness.js';
import { prng, randomDocument, type Random } from '../exi/random-document.js';
import * as iso2 from '../iso2/wiring.js';

const TRIALS = 120;

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

const ISO2_REQUESTS = [
  'SessionSetupReq', 'ServiceDiscoveryReq', 'ServiceDetailReq', 'PaymentServiceSelectionReq', 'AuthorizationReq',
  'ChargeParameterDiscoveryReq', 'CableCheckReq', 'PreChargeReq', 'PowerDeliveryReq', 'CurrentDemandReq',
  'ChargingStatusReq', 'MeteringReceiptReq', 'WeldingDetectionReq', 'SessionStopReq',
] as const;

/** The requests of a whole ISO-2 session between the EVCC and SECC machines (a second of charging), as the EVCC sent them. */
function iso2Session(mode: 'ac' | 'dc'): Protocol {
  const wired = iso2.wire(iso2.evccInput(mode), iso2.seccInput());
  wired.advance(1_000);
  wired.evcc.send({ type: 'vehicle.status', status: { ...iso2.VEHICLE, soc: iso2.VEHICLE.fullSoc } });
  wired.runToEnd();
  return {
    name: `iso2-${mode}`,
    schema: 'iso2',
    machine: iso2SeccMachine,
    input: iso2.seccInput(),
    requests: wired.messages.filter((m) => m.from === 'EVCC').map(({ message, at }) => ({ message, at })),
    requestNames: ISO2_REQUESTS,
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
  const context = { settings: { ...DIN_EVCC_DEFAULTS, evccId: din.EVCC_ID }, vehicle: din.VEHICLE, serviceId: 1 };
  const sessionId = (i: number) => (i === 0 ? new Uint8Array(8) : din.SESSION_ID);
  return {
    name: 'din',
    schema: 'din',
    machine: dinSeccMachine,
    input: din.seccInput(),
    requests: steps.map((step, i) => ({ message: dinMessage(sessionId(i), evccRequestBody(step, context)), at: 400 * (i + 1) })),
    requestNames: DIN_REQUESTS,
    swap: (message, body) => dinMessage((message as ReturnType<typeof dinMessage>).V2G_Message.Header.SessionID, body),
  };
}

const ODD_READINGS = [0, 0.001, 399.99, 32_767, 65_535, 100_000, 1e7, -1];

/** The power module's status with some readings odd: any number a stage might report, flags flipped. */
function oddReadings(rnd: Random, status: EvseStatus): EvseStatus {
  const odd: Record<string, unknown> = { ...status };
  for (const [key, value] of Object.entries(status)) {
    if (typeof value === 'number' && rnd() < 0.5) odd[key] = ODD_READINGS[Math.floor(rnd() * ODD_READINGS.length)];
    if (typeof value === 'boolean' && rnd() < 0.5) odd[key] = !value;
  }
  return odd as unknown as EvseStatus;
}

interface Trial {
  /** What went wrong, one line each. */
  readonly problems: string[];
  readonly result: string;
}

/** The session replayed; with `seed`, one request swapped and odd readings now and then. */
function replay(protocol: Protocol, seed?: number): Trial {
  const rnd = prng(seed ?? 0, protocol.name);
  const problems: string[] = [];
  const clock = new SimulatedClock();
  const power = new iso2.PowerModule(clock, { ...iso2.EVSE });
  const actor = createActor(protocol.machine, { clock, input: protocol.input });
  actor.on('channel.send', ({ message }: { message: unknown }) => {
    try {
      decode(protocol.schema, encode(protocol.schema, message as never));
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
    let sent = message;
    if (i === swapped) {
      const due = Object.keys((message as Iso2Message).V2G_Message.Body)[0];
      const name = rnd() < 0.7 ? due : protocol.requestNames[Math.floor(rnd() * protocol.requestNames.length)];
      sent = protocol.swap(message, randomDocument(rnd, protocol.schema, name) ?? {});
    }
    const evse = seed !== undefined && rnd() < 0.3 ? oddReadings(rnd, power.status) : power.status;
    const received = decode(protocol.schema, encode(protocol.schema, sent as never));
    actor.send({ type: 'channel.received', message: received, evse, time: clock.now() });
  });
  // The EV closes after the last answer, as the SECC waits for it to (SESSIONS.md §0, Closing).
  if (actor.getSnapshot().status === 'active') actor.send({ type: 'channel.closed', reason: 'the EV closed the connection' });
  const snapshot = actor.getSnapshot();
  actor.stop();
  const output = snapshot.output as { result?: string; reason?: string } | undefined;
  return { problems, result: snapshot.status === 'done' ? `${output?.result} ${output?.reason ?? ''}`.trim() : snapshot.status };
}

for (const protocol of [dinSession(), iso2Session('ac'), iso2Session('dc')]) {
  test(`${protocol.name}: the session replayed unchanged ends stopped (so the swapped requests land where they should)`, () => {
    assert.ok(protocol.requests.length > 10, `${protocol.requests.length} requests`);
    assert.equal(replay(protocol), { problems: [], result: 'stopped' });
  });

  test(`${protocol.name}: ${TRIALS} sessions with a random request and odd readings: no error, every answer encodes`, () => {
    const problems: string[] = [];
    const results = new Set<string>();
    for (let seed = 1; seed <= TRIALS; seed++) {
      const trial = replay(protocol, seed);
      problems.push(...trial.problems.map((p) => `seed ${seed}: ${p}`));
      results.add(trial.result.split(' ')[0]);
    }
    assert.equal(problems, []);
    // Some swaps end the session, some the SECC takes in stride: both paths ran.
    assert.ok(results.has('failed') && results.has('stopped'), [...results].join(', '));
  });
}

const ISO2_RESPONSES = ISO2_REQUESTS.map((name) => name.replace(/Req$/, 'Res'));

/** A whole ISO-2 session, the EVCC's `swapped`-th response from the SECC replaced by a random one. */
function evccTrial(mode: 'ac' | 'dc', seed: number): Trial {
  const rnd = prng(seed, `iso2-${mode}-evcc`);
  const problems: string[] = [];
  const wired = iso2.wire(iso2.evccInput(mode), iso2.seccInput());
  wired.evcc.subscribe({ error: (err) => problems.push(`machine failed: ${(err as Error).message}`) });
  const swapped = Math.floor(rnd() * 14);
  let responses = 0;
  wired.alterSecc((message) => {
    if (responses++ !== swapped) return message;
    const due = Object.keys(message.V2G_Message.Body)[0];
    const name = rnd() < 0.7 ? due : ISO2_RESPONSES[Math.floor(rnd() * ISO2_RESPONSES.length)];
    return iso2Message(message.V2G_Message.Header.SessionID, randomDocument(rnd, 'iso2', name) ?? {});
  });
  try {
    wired.advance(1_000);
    if (wired.evcc.getSnapshot().status === 'active') {
      wired.evcc.send({ type: 'vehicle.status', status: { ...iso2.VEHICLE, soc: iso2.VEHICLE.fullSoc } });
    }
    wired.runToEnd();
  } catch (err) {
    // The wiring encodes every message the EVCC sends: one it cannot encode throws out of here.
    problems.push(`request not encodable: ${(err as Error).message}`);
  }
  const snapshot = wired.evcc.getSnapshot();
  wired.evcc.stop();
  wired.secc.stop();
  return { problems, result: snapshot.status === 'done' ? String((snapshot.output as { result?: string }).result) : snapshot.status };
}

for (const mode of ['ac', 'dc'] as const) {
  test(`iso2-${mode} EVCC: ${TRIALS} sessions with a random response: no error, every request encodes, every session ends`, () => {
    const problems: string[] = [];
    const results = new Set<string>();
    for (let seed = 1; seed <= TRIALS; seed++) {
      const trial = evccTrial(mode, seed);
      problems.push(...trial.problems.map((p) => `seed ${seed}: ${p}`));
      results.add(trial.result);
    }
    assert.equal(problems, []);
    assert.equal([...results].sort(), ['failed', 'stopped']);
  });
}

test.run();
