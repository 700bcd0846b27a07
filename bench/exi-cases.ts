/**
 * What the EXI bench measures: the messages the C reference codec (EVerest libcbv2g) was measured on, so every figure
 * has a C counterpart. Documents come from the reference vectors; the 3-tuple ChargeParameterDiscoveryRes has no vector
 * (the C codec mis-encodes full arrays) and is derived from the 2-tuple one, for encoding only.
 */
import { isSchemaName, type SchemaName } from '../codecs/exi/index.js';
import type { CReferenceRow } from './bench-reference.js';
import type { Vector } from './vectors.js';
import { parseHex } from '../cli/hex.js';

export interface BenchCase {
  readonly id: string;
  readonly schema: SchemaName;
  /** The document in the vector JSON convention; the bench converts it with `fromJson` outside the timed loop. */
  readonly json: unknown;
  /** The reference bytes to decode; undefined for an encode-only case. */
  readonly bytes: Uint8Array | undefined;
  /** The vector's hex, which our encoding should reproduce; undefined for the derived case. */
  readonly referenceHex: string | undefined;
  readonly reference: CReferenceRow | undefined;
}

const TWO_TUPLES = 'iso2-ChargeParameterDiscoveryRes-DC-2tuples';
const THREE_TUPLES = 'iso2-ChargeParameterDiscoveryRes-DC-3tuples';

interface SalesTariffJson {
  '@Id'?: string;
  SalesTariffID: number;
}

interface SAScheduleTupleJson {
  SAScheduleTupleID: number;
  SalesTariff?: SalesTariffJson;
}

interface ChargeParameterDiscoveryResJson {
  V2G_Message: {
    Body: { ChargeParameterDiscoveryRes: { SAScheduleList: { SAScheduleTuple: SAScheduleTupleJson[] } } };
  };
}

/** Fills SAScheduleList to its maxOccurs of 3 with a copy of the last tuple under the next ID and tariff Id. */
function withThirdTuple(twoTuples: unknown): unknown {
  const json = structuredClone(twoTuples) as ChargeParameterDiscoveryResJson;
  const tuples = json.V2G_Message.Body.ChargeParameterDiscoveryRes.SAScheduleList.SAScheduleTuple;
  const third = structuredClone(tuples[tuples.length - 1]!);
  const id = tuples.length + 1;
  third.SAScheduleTupleID = id;
  if (third.SalesTariff !== undefined) {
    third.SalesTariff.SalesTariffID = id;
    third.SalesTariff['@Id'] = `tariff${id}`;
  }
  tuples.push(third);
  return json;
}

/** The row for a case: by its vector id, or for the derived case by the tuple count its label names. */
function referenceFor(id: string, rows: readonly CReferenceRow[]): CReferenceRow | undefined {
  if (id === THREE_TUPLES) {
    return rows.find((row) => row.vectorId === undefined && /ChargeParameterDiscoveryRes.*\b3 tuples/.test(row.label));
  }
  return rows.find((row) => row.vectorId === id);
}

function schemaOf(vector: Vector): SchemaName {
  if (!isSchemaName(vector.schema)) throw new Error(`vector ${vector.id}: unknown schema ${vector.schema}`);
  return vector.schema;
}

/** The cases to bench, in reference-table order. */
export const CASE_IDS = [
  'din-CurrentDemandReq',
  'iso2-CurrentDemandReq-full',
  TWO_TUPLES,
  THREE_TUPLES,
  'iso20-DC_ChargeLoopReq-scheduled',
  'apphand-Req-3',
] as const;

/** Throws when the case's vector is missing or names an unknown schema, so the bench can report it and go on. */
export function benchCase(id: string, vectors: readonly Vector[], reference: readonly CReferenceRow[]): BenchCase {
  const derived = id === THREE_TUPLES;
  const vectorId = derived ? TWO_TUPLES : id;
  const vector = vectors.find((candidate) => candidate.id === vectorId);
  if (vector === undefined) throw new Error(`reference vector ${vectorId} is missing from ../shared/vectors`);
  return {
    id,
    schema: schemaOf(vector),
    json: derived ? withThirdTuple(vector.json) : vector.json,
    bytes: derived ? undefined : parseHex(vector.hex),
    referenceHex: derived ? undefined : vector.hex,
    reference: referenceFor(id, reference),
  };
}
