/**
 * The ISO 15118-20 EVCC against responses the codec accepts but no test scripted: a session against the scripted
 * station with one response swapped for a random, schema-valid document (mostly of the type due and in the
 * session's SessionID, else of any response type of the session's schemas). Whatever comes, the machine must not fail
 * with an error, must reach its end (a typed outcome naming what was wrong), and every request it sends must pass the
 * strict encoder. Seeded, so a failure names the trial that regenerates it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { schemaModel } from '../../codecs/exi/json.js';
import type { SchemaName } from '../../codecs/exi/index.js';
import type { Iso20Document } from '../../machines/iso20/evcc/iso20-evcc-messages.js';
import { energySchemaOf, type ControlMode, type EnergyService } from '../../machines/iso20/iso20-services.js';
import { prng, randomDocument, type Random } from '../exi/random-document.js';
import { SESSION_ID, vehicleReads, wire } from './evcc-wiring.js';

const TRIALS = 60;

/** The schema's responses: every global element named …Res. */
const responsesOf = (schema: SchemaName) => schemaModel(schema).roots.map((root) => root.key).filter((name) => name.endsWith('Res'));

/** The `index`-th response of the session swapped for a random one. */
function swapAt(rnd: Random, index: number, schemas: readonly SchemaName[]) {
  let seen = 0;
  return (message: Iso20Document): Iso20Document => {
    if (seen++ !== index) return message;
    const due = Object.keys(message.document)[0]!;
    const anyOther = rnd() >= 0.7;
    const schema = anyOther ? schemas[Math.floor(rnd() * schemas.length)]! : message.schema;
    const names = responsesOf(schema);
    const name = anyOther ? names[Math.floor(rnd() * names.length)]! : due;
    const document = randomDocument(rnd, schema, name) as Record<string, { Header?: { SessionID: Uint8Array } }> | undefined;
    if (document === undefined) return message;
    const element = document[name]!;
    if (element.Header !== undefined && rnd() < 0.8) element.Header.SessionID = SESSION_ID;
    return { schema, document } as unknown as Iso20Document;
  };
}

function trial(service: EnergyService, mode: ControlMode, seed: number): { problems: string[]; result: string } {
  const rnd = prng(seed, `${service}-${mode}`);
  const schemas: SchemaName[] = ['iso20-common', energySchemaOf(service)];
  const w = wire(service, mode, { alter: swapAt(rnd, Math.floor(rnd() * 20), schemas) });
  w.advance(1_000);
  vehicleReads(w);
  w.runToEnd();
  const snapshot = w.evcc.getSnapshot();
  const problems = [...w.problems];
  if (snapshot.status !== 'done') problems.push(`ended ${snapshot.status}`);
  if (snapshot.status === 'done' && snapshot.output!.result === 'failed' && !snapshot.output!.reason) problems.push('failed without a reason');
  return { problems: problems.map((p) => `seed ${seed}: ${p}`), result: snapshot.output?.result ?? snapshot.status };
}

for (const [service, mode] of [['DC', 'Scheduled'], ['DC_BPT', 'Dynamic'], ['AC', 'Dynamic'], ['AC_BPT', 'Scheduled']] as const) {
  test(`${service} × ${mode}: ${TRIALS} sessions with a random response: no error, a typed end, every request encodes`, () => {
    const problems: string[] = [];
    const results = new Set<string>();
    for (let seed = 1; seed <= TRIALS; seed++) {
      const t = trial(service, mode, seed);
      problems.push(...t.problems);
      results.add(t.result);
    }
    assert.equal(problems, []);
    assert.ok(results.has('failed') && results.has('stopped'), [...results].join(', '));
  });
}

test.run();
