/**
 * The element fragment grammar of EXI 1.0 §8.5.3 for ISO-2 `eMAID`, the one fragment root of the V2G schemas whose
 * qname is declared with several types: what XML Signature digests over a CertificateInstallationRes/UpdateRes hash.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode, ExiError } from '../../codecs/exi/index.js';

const eMAID = { eMAID: { '@Id': 'id4', '#text': 'DEABCC123ABC56' } };
// The bytes other implementations that follow §8.5.3 produce for this element, and the typed form of the field's
// generated C codec, both published in EVerest/cbexigen issue #60.
const SPECIFICATION = '80ec0202b4b21a40041111505090d0cc4c8cd05090cd4dbd3d00';
const TYPED = '80ec02b4b21a041111505090d0cc4c8cd05090cd4d9e80';

test('eMAID encodes in the relaxed element fragment grammar: AT(Id) 9-bit code 4, CH 256, EE 244', () => {
  assert.is(Buffer.from(encode('iso2-fragment', eMAID)).toString('hex'), SPECIFICATION);
  assert.equal(decode('iso2-fragment', Buffer.from(SPECIFICATION, 'hex')), eMAID);
});

test('the typed form is the named quirk: written on request, read only leniently, with a warning', () => {
  assert.is(Buffer.from(encode('iso2-fragment', eMAID, { quirks: ['cbv2gTypedFragmentRoot'] })).toString('hex'), TYPED);
  assert.throws(() => decode('iso2-fragment', Buffer.from(TYPED, 'hex')), (e: unknown) => e instanceof ExiError);
  const warnings: string[] = [];
  const doc = decode('iso2-fragment', Buffer.from(TYPED, 'hex'), { lenient: ['cbv2gTypedFragmentRoot'], onWarning: (w) => warnings.push(w.quirk ?? '') });
  assert.equal(doc, eMAID);
  assert.equal(warnings, ['cbv2gTypedFragmentRoot']);
});

test('relaxed content the Id-carrying declaration cannot hold is an ExiError naming it', () => {
  // AT(Id) of the xmldsig namespace (code 2) instead of the MsgDataTypes one.
  const bytes = Buffer.from(SPECIFICATION, 'hex');
  bytes[2] = 0x01;
  assert.throws(() => decode('iso2-fragment', bytes), (e: unknown) => e instanceof ExiError && /EMAIDType in an element fragment/.test(e.message));
  assert.throws(() => encode('iso2-fragment', { eMAID: { '@Id': 'id4' } } as never), (e: unknown) => e instanceof ExiError);
  assert.throws(() => encode('iso2-fragment', { eMAID: { '@Id': 'id4', '#text': 'x', Name: 'y' } } as never), (e: unknown) => e instanceof ExiError && /Name/.test(e.message));
});

test.run();
