/**
 * The field quirks: each is tolerated by decoding (or written by encoding) only when asked for, and strict decoding
 * (the default) rejects it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, ExiError, type Documents, type ExiWarning } from '../../codecs/exi/index.js';
import { insertBits, toBits } from './stream-bits.js';


const cost = { costKind: 'RenewableGenerationPercentage', amount: 40 } as const;
const fullCosts: Documents['iso2-fragment'] = {
  ConsumptionCost: { startValue: { Multiplier: 0, Unit: 'W', Value: 0 }, Cost: [cost, cost, cost] },
};

test('cbv2gFullArrayEndElement: a full Cost array ended with the loop state\'s 2-bit code decodes only leniently', () => {
  const strict = encode('iso2-fragment', fullCosts);
  const bits = toBits(strict);
  // The reference encoder writes the end of a full 3-entry array as the loop state's EE (binary 01) where EXI has a
  // 1-bit EE (0): the stream carries one more 1 bit right after a 0. Find the place by trying each.
  let found = 0;
  for (let at = 1; at < strict.length * 8; at++) {
    if (bits[at - 1] !== 0) continue;
    const quirky = insertBits(strict, at, [1]);
    let lenient: unknown;
    const warnings: ExiWarning[] = [];
    try {
      lenient = decode('iso2-fragment', quirky, { lenient: ['cbv2gFullArrayEndElement'], onWarning: (w) => warnings.push(w) });
    } catch {
      continue;
    }
    // Read without the quirk's grammar: the inserted bit made some other valid stream, not the quirk's form.
    if (!warnings.some((w) => w.quirk === 'cbv2gFullArrayEndElement')) continue;
    assert.equal(lenient, fullCosts);
    assert.throws(() => decode('iso2-fragment', quirky), (e: unknown) => e instanceof ExiError);
    found++;
  }
  assert.ok(found >= 1, 'the quirky stream decodes leniently');
  // The two forms cannot be told apart at that point: lenient decoding reads the standard form first, so a conforming
  // peer's full array reads the same with the quirk on, without a warning (options.ts says so).
  assert.equal(decode('iso2-fragment', strict, { lenient: true, onWarning: (w) => assert.unreachable(w.message) }), fullCosts);
});

const WPT_GRAMMAR = 'cbv2gWptLfOnlyAfterVendorData';

const lfPackages = {
  NumPackages: 1,
  WPT_LF_DataPackage: { PackageIndex: 0, LF_TxData: { WPT_LF_TxDataList: { TxIdentifier: 7, EIRP: { Exponent: 0, Value: 3 } } } },
};

/** A WPT_FinePositioningReq (ISO 15118-20 WPT) with the given vendor data containers and LF data package list. */
function finePositioningReq(containers: number, lf: boolean): Documents['iso20-wpt'] {
  const data = Array.from({ length: containers }, (_, i) => Uint8Array.of(0xa0 + i));
  return {
    WPT_FinePositioningReq: {
      Header: { SessionID: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), TimeStamp: 42n },
      EVProcessing: 'Finished',
      EVResultCode: 'EVResultSuccess',
      ...(containers ? { VendorSpecificDataContainer: data } : {}),
      ...(lf ? { WPT_LF_DataPackageList: lfPackages } : {}),
    },
  };
}

const bits = (b: Uint8Array): string => [...b].map((x) => x.toString(2).padStart(8, '0')).join('');
const inWptGrammar = { quirks: [WPT_GRAMMAR] } as const;

test(`${WPT_GRAMMAR}: without containers, the end of element is 01 instead of the XSD's 10, same width`, () => {
  const doc = finePositioningReq(0, false);
  const standard = encode('iso20-wpt', doc);
  const reference = encode('iso20-wpt', doc, inWptGrammar);
  assert.is(reference.length, standard.length);
  const s = bits(standard);
  const r = bits(reference);
  const at = [...s].findIndex((b, i) => b !== r[i]);
  assert.is(s.slice(at, at + 2), '10');
  assert.is(r.slice(at, at + 2), '01');
  assert.is(s.slice(at + 2), r.slice(at + 2), 'nothing else differs');

  assert.equal(decode('iso20-wpt', standard), doc);
  assert.throws(() => decode('iso20-wpt', reference), (e: unknown) => e instanceof ExiError, 'strict decoding reads 01 as the LF element');
  const warnings: string[] = [];
  assert.equal(decode('iso20-wpt', reference, { lenient: [WPT_GRAMMAR], onWarning: (w) => warnings.push(w.message) }), doc);
  assert.is(warnings.length, 1);
  assert.match(warnings[0], WPT_GRAMMAR);
  // The XSD reading comes first, so the lenient mode still reads the standard form, without a warning.
  assert.equal(decode('iso20-wpt', standard, { lenient: true, onWarning: (w) => assert.unreachable(w.message) }), doc);
});

test(`${WPT_GRAMMAR}: after one container the grammars agree; after two the LF element is 00 instead of 01`, () => {
  const one = finePositioningReq(1, true);
  assert.equal(encode('iso20-wpt', one, inWptGrammar), encode('iso20-wpt', one));

  const two = finePositioningReq(2, true);
  const standard = encode('iso20-wpt', two);
  const reference = encode('iso20-wpt', two, inWptGrammar);
  assert.is(reference.length, standard.length);
  const s = bits(standard);
  const r = bits(reference);
  const at = [...s].findIndex((b, i) => b !== r[i]);
  assert.is(s.slice(at - 1, at + 1), '01');
  assert.is(r.slice(at - 1, at + 1), '00');
  assert.is(s.slice(at + 1), r.slice(at + 1), 'nothing else differs');
  assert.equal(decode('iso20-wpt', reference, { lenient: [WPT_GRAMMAR] }), two);
  assert.equal(decode('iso20-wpt', standard, { lenient: [WPT_GRAMMAR] }), two);
  assert.throws(() => decode('iso20-wpt', reference), (e: unknown) => e instanceof ExiError, 'strict decoding reads 00 as a third container');
});

test(`${WPT_GRAMMAR}: encoding rejects what that grammar cannot carry (the reference encoder drops it)`, () => {
  const refused = (doc: Documents['iso20-wpt'], element: string): void => {
    encode('iso20-wpt', doc);
    assert.throws(
      () => encode('iso20-wpt', doc, inWptGrammar),
      (e: unknown) => e instanceof ExiError && e.reason.includes(element) && e.reason.includes(WPT_GRAMMAR),
    );
  };
  refused(finePositioningReq(0, true), 'WPT_LF_DataPackageList');
  refused(finePositioningReq(3, false), 'VendorSpecificDataContainer');
});

test('nonZeroPadding: padding bits that are not zero decode only leniently, with a warning', () => {
  const bytes = encode('din', { V2G_Message: { Header: { SessionID: Uint8Array.of(1) }, Body: { SessionStopReq: {} } } });
  const dirty = Uint8Array.from(bytes);
  dirty[dirty.length - 1] |= 1;
  assert.throws(() => decode('din', dirty), (e: unknown) => e instanceof ExiError && /padding/.test(e.reason));
  const warnings: string[] = [];
  decode('din', dirty, { lenient: ['nonZeroPadding'], onWarning: (w) => warnings.push(w.message) });
  assert.is(warnings.length, 1);
});

test.run();
