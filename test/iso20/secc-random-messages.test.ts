/**
 * The -20 SECC against what an EV may send that the codec accepts but no test scripted: a whole session of each
 * energy service and control mode with one request swapped for a random, schema-valid document (mostly of the type
 * due, else any request of the connection's schemas; its SessionID mostly the session's, so it reaches the handlers),
 * and now and then a power module reporting odd but finite readings. Whatever comes, the machine must not fail with an
 * error and must reach its end, and every response it sends must pass the strict encoder. Seeded, so a failure names
 * the trial that regenerates it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { decode, encode, type SchemaName } from '../../codecs/exi/index.js';
import { schemaModel } from '../../codecs/exi/json.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { NO_SESSION_ID } from '../../machines/iso20/iso20-header.js';
import { ENERGY_SERVICES, isDcService, type ControlMode, type EnergyService } from '../../machines/iso20/iso20-services.js';
import { iso20SeccMachine } from '../../machines/iso20/secc/iso20-secc.js';
import { prng, randomDocument, type Random } from '../exi/random-document.js';
import { oddReadings } from '../shared/odd-readings.js';
import { PowerModule } from '../iso2/wiring.js';
import { EVSE20, seccInput, sessionPath, SESSION_ID, START_MS } from './secc-harness.js';

const TRIALS = 40;
const requestsOf = (schema: SchemaName) => schemaModel(schema).roots.map((root) => root.key).filter((name) => name.endsWith('Req'));

/** A random request: of the type due, or now and then of any; with the session's SessionID most of the time. */
function randomRequest(rnd: Random, due: V2gDocument, schemas: readonly SchemaName[]): V2gDocument {
  const anyName = rnd() >= 0.7;
  const schema = anyName ? schemas[Math.floor(rnd() * schemas.length)] : due.schema;
  const names = requestsOf(schema);
  const name = anyName ? names[Math.floor(rnd() * names.length)] : Object.keys(due.document)[0];
  const document = (randomDocument(rnd, schema, name) ?? due.document) as Record<string, { Header?: { SessionID: Uint8Array } }>;
  const element = Object.values(document)[0];
  if (element.Header && rnd() < 0.8) element.Header.SessionID = (Object.values(due.document)[0] as { Header: { SessionID: Uint8Array } }).Header.SessionID;
  return { schema, document } as V2gDocument;
}

const wire = (message: V2gDocument): V2gDocument => {
  const codec = { encode: encode as (s: SchemaName, d: object) => Uint8Array, decode: decode as (s: SchemaName, b: Uint8Array) => object };
  return { schema: message.schema, document: codec.decode(message.schema, codec.encode(message.schema, message.document)) } as V2gDocument;
};

function replay(service: EnergyService, mode: ControlMode, seed?: number): { problems: string[]; result: string } {
  const rnd = prng(seed ?? 0, `iso20-${service}-${mode}`);
  const problems: string[] = [];
  const clock = new SimulatedClock();
  clock.set(START_MS);
  const protocol = isDcService(service) ? 'iso20-dc' : 'iso20-ac';
  const power = new PowerModule(clock, EVSE20, { isolationMs: 300 });
  const actor = createActor(iso20SeccMachine, { clock, input: seccInput(protocol) });
  actor.on('channel.send', ({ message }) => {
    try {
      wire(message);
    } catch (err) {
      problems.push(`answer not encodable: ${(err as Error).message}`);
    }
  });
  actor.on('evse.command', ({ command }) => power.command(command));
  actor.on('backend.ask', ({ question }) => {
    if (question.kind === 'schedule') actor.send({ type: 'backend.reply', reply: { kind: 'schedule' } });
  });
  actor.subscribe({ error: (err) => problems.push(`machine failed: ${(err as Error).message}`) });
  actor.start();
  const steps = sessionPath(service, mode);
  const swapped = seed === undefined ? -1 : Math.floor(rnd() * steps.length);
  steps.forEach((step, i) => {
    if (actor.getSnapshot().status !== 'active') return;
    clock.increment(400);
    const due = step({ sessionId: i === 0 ? NO_SESSION_ID : SESSION_ID, nowMs: clock.now() });
    const sent = i === swapped ? randomRequest(rnd, due, ['iso20-common', protocol]) : due;
    const evse = seed !== undefined && rnd() < 0.3 ? oddReadings(rnd, power.status) : power.status;
    actor.send({ type: 'channel.received', message: wire(sent) as never, evse, time: clock.now() });
  });
  if (actor.getSnapshot().status === 'active') actor.send({ type: 'channel.closed', reason: 'the EV closed the connection' });
  const snapshot = actor.getSnapshot();
  actor.stop();
  return { problems, result: snapshot.status === 'done' ? String(snapshot.output?.result) : snapshot.status };
}

for (const service of ENERGY_SERVICES) {
  for (const mode of ['Scheduled', 'Dynamic'] as const) {
    test(`${service} ${mode}: the session unchanged ends stopped; ${TRIALS} with a random request and odd readings never fail the machine`, () => {
      assert.equal(replay(service, mode), { problems: [], result: 'stopped' });
      const problems: string[] = [];
      const results = new Set<string>();
      for (let seed = 1; seed <= TRIALS; seed++) {
        const trial = replay(service, mode, seed);
        problems.push(...trial.problems.map((p) => `seed ${seed}: ${p}`));
        results.add(trial.result);
      }
      assert.equal(problems, []);
      assert.ok(results.has('failed') && results.has('stopped'), [...results].join(', '));
    });
  }
}

test.run();
