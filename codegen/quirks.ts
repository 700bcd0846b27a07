/**
 * Grammars of the field's codecs that differ from the XSD's, declared as rules. A rule adds the field codec's states
 * to a type's grammar, after the XSD's, and a branch into them that the generated code takes when the named quirk is
 * in use at run time (codecs/exi/options.ts says what each quirk is and when it is used).
 */
import type { Quirk } from '../codecs/exi/options.js';
import { codeWidth, type GrammarState, type Production, type TypeGrammar } from './grammar.js';
import { qkey, type QName } from './xsd.js';

/**
 * Content ending with an optional array and one optional element after it, which the field codec's grammar offers
 * as: before the first array entry only {array, EE}; after 1 to `entries` - 1 entries the XSD's {array, element, EE};
 * after `entries` entries only {element, EE}.
 */
interface OptionalArrayThenElementRule {
  readonly quirk: Quirk;
  readonly types: readonly QName[];
  readonly array: string;
  readonly entries: number;
}

const WPT = 'urn:iso:std:iso:15118:-20:WPT';

/**
 * libcbv2g's cbexigen-generated ISO 15118-20 WPT codec. Its state before the first VendorSpecificDataContainer is
 * established by the reference vectors (their min variants end with EE coded 01 of 2 bits); the states after one and
 * two containers are read off that codec's generated decoder and encoder (iso20_WPT_Decoder.c, iso20_WPT_Encoder.c
 * under lib/cbv2g/iso_20 in EVerest's everest-core), which share them.
 */
export const QUIRK_RULES: readonly OptionalArrayThenElementRule[] = [
  {
    quirk: 'cbv2gWptLfOnlyAfterVendorData',
    types: ['WPT_FinePositioningSetupReqType', 'WPT_FinePositioningSetupResType', 'WPT_FinePositioningReqType', 'WPT_FinePositioningResType'].map(
      (local) => ({ ns: WPT, local }),
    ),
    array: 'VendorSpecificDataContainer',
    entries: 2,
  },
];

/** The grammar with the field codec's states added where a rule names the type; otherwise the grammar itself. */
export function withQuirkGrammars(g: TypeGrammar): TypeGrammar {
  const rule = QUIRK_RULES.find((r) => r.types.some((t) => qkey(t) === qkey(g.type.name)));
  if (!rule) return g;
  const where = `${qkey(g.type.name)} (${rule.quirk})`;
  const array = g.fields.findIndex((f) => f.key === rule.array && f.kind === 'element' && f.array && !f.required);
  if (array < 0 || g.fields[array].maxOccurs <= rule.entries) throw new Error(`${where}: no optional array ${rule.array} of more than ${rule.entries} entries`);
  const isEntry = (p: Production): boolean => p.event.kind === 'SE' && p.event.field === array;

  // The state where the array is first offered is the one entered by something other than an entry of the array.
  const entered = g.states.flatMap((st) => st.productions.filter((p) => !isEntry(p)).map((p) => p.next));
  const firstOffered = g.states.map((_, i) => i).filter((i) => entered.includes(i) && g.states[i].productions.some(isEntry));
  if (firstOffered.length !== 1) throw new Error(`${where}: ${rule.array} is first offered in ${firstOffered.length} states, expected 1`);
  const before = firstOffered[0];
  const [entry, element, end] = g.states[before].productions;
  const elementIsOptionalSingle = element?.event.kind === 'SE' && !g.fields[element.event.field].array;
  if (g.states[before].productions.length !== 3 || !isEntry(entry) || !elementIsOptionalSingle || end.event.kind !== 'EE') {
    throw new Error(`${where}: expected {${rule.array}, one optional element, EE} where ${rule.array} is first offered`);
  }

  const first = g.states.length;
  const state = (productions: Production[]): GrammarState => ({ productions, width: codeWidth(productions.length + 1), quirk: rule.quirk });
  const entryTo = (entries: number): Production => ({ event: entry.event, next: first + entries });
  const added = [state([entryTo(1), end])];
  for (let k = 1; k < rule.entries; k++) added.push(state([entryTo(k + 1), element, end]));
  added.push(state([element, end]));

  const states = g.states.map((st) => ({
    ...st,
    productions: st.productions.map((p) => (p.next === before && !isEntry(p) ? { ...p, quirk: { name: rule.quirk, next: first } } : p)),
  }));
  return { ...g, states: [...states, ...added] };
}
