/**
 * Valid messages for every signed message type, from the schema model's random walk (test/exi/random-document.ts):
 * each carries the elements its standard signs, with Ids `ref1`, `ref2`, …, and no signature yet.
 */
import { prng, randomDocument } from '../exi/random-document.js';
import { standardOf, type SignatureSchema, type SignedMessage } from '../../crypto/xmldsig/index.js';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Sets `@Id` on every element named in `names` (the message element included), numbered in document order. */
function assignIds(name: string, value: unknown, names: readonly string[], next: { n: number }): void {
  if (Array.isArray(value)) {
    for (const item of value) assignIds(name, item, names, next);
    return;
  }
  if (!isNode(value)) return;
  if (names.includes(name)) value['@Id'] = `ref${++next.n}`;
  for (const [key, child] of Object.entries(value)) if (key !== 'Header') assignIds(key, child, names, next);
}

function count(name: string, value: unknown, wanted: string): number {
  if (Array.isArray(value)) return value.reduce((s: number, item) => s + count(name, item, wanted), 0);
  if (!isNode(value)) return 0;
  return (name === wanted ? 1 : 0) + Object.entries(value).reduce((s, [k, v]) => s + (k === 'Header' ? 0 : count(k, v, wanted)), 0);
}

/** A message `entry.message` of `schema` with every element to sign present (at least one tariff), or an Error. */
export function unsignedMessage(schema: SignatureSchema, entry: SignedMessage, seed: number): Node {
  for (let attempt = 0; attempt < 400; attempt++) {
    const rnd = prng(seed, `${schema} ${entry.message} ${attempt}`);
    const doc = schema === 'iso2' ? randomDocument(rnd, 'iso2-fragment', entry.message) : randomDocument(rnd, schema, entry.message);
    if (!doc) continue;
    const content = (doc as Node)[entry.message] as Node;
    const counts = entry.references.map((r) => count(entry.message, content, r));
    const complete = entry.everyWithId ? counts.some((c) => c > 0) : counts.every((c) => c === 1);
    if (!complete) continue;
    assignIds(entry.message, content, entry.references, { n: 0 });
    if (schema === 'iso2') return { V2G_Message: { Header: { SessionID: Uint8Array.of(0x47, 0x58, 0xfd, 0xd3, 0x48, 0xa5, 0xeb, 0x24) }, Body: { [entry.message]: content } } };
    delete (content.Header as Node).Signature;
    return { [entry.message]: content };
  }
  throw new Error(`no random ${schema} ${entry.message} with ${entry.references.join(', ')} in 400 attempts`);
}

/** Every signed message type of both standards, with the schema its document is in. */
export const SIGNED_TYPES: readonly { schema: SignatureSchema; entry: SignedMessage }[] = (['iso2', 'iso20-common'] as const).flatMap((schema) =>
  standardOf(schema).table.map((entry) => ({ schema, entry })),
);
