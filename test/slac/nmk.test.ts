import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateNmk, nidFromNmk, nmkFromPassword, type SecurityLevel } from '../../codecs/slac/index.js';
import { hex } from '../shared/hex.js';

test('the HomePlug AV default password gives the widely published default NMK', () => {
  assert.equal(nmkFromPassword('HomePlugAV'), hex('50d3e4933f855b7040784df815aa8db7'));
  assert.equal(nmkFromPassword('HomePlugAV0123'), hex('b59319d7e8157ba001b018669ccee30d'));
});

test('NIDs of the default NMKs are the ones open-plc-utils and unpaired adapters use', () => {
  assert.equal(nidFromNmk(hex('50d3e4933f855b7040784df815aa8db7')), hex('b0f2e695666b03'));
  assert.equal(nidFromNmk(hex('b59319d7e8157ba001b018669ccee30d')), hex('026bcba5354e08'));
});

test('the NID an Alpitronic charger sent with its NMK in CM_SLAC_MATCH.CNF is the derived one', () => {
  assert.equal(nidFromNmk(hex('9ed1f8a5b566e83dc4f1700e4a89afec')), hex('b468ace9ff5603'));
});

test('the security level sits in bits 4-5 of the last NID octet, above the hash nibble; bits 6-7 stay 0', () => {
  const nmk = hex('9ed1f8a5b566e83dc4f1700e4a89afec');
  for (const level of [0, 1, 2, 3] as SecurityLevel[]) {
    const nid = nidFromNmk(nmk, level);
    assert.equal(nid.subarray(0, 6), hex('b468ace9ff56'));
    assert.is(nid[6], (level << 4) | 0x03);
  }
  assert.throws(() => nidFromNmk(nmk, 4 as SecurityLevel), RangeError);
  assert.throws(() => nidFromNmk(hex('00')), RangeError);
});

test('a new NMK is 16 bytes from the injected random source, copied', () => {
  const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
  const nmk = generateNmk(() => bytes);
  assert.equal(nmk, bytes);
  bytes[0] = 0xff;
  assert.is(nmk[0], 0);
  assert.throws(() => generateNmk(() => new Uint8Array(15)), RangeError);
});

test('by default the NMK comes from node:crypto: 16 bytes, different every time', () => {
  const a = generateNmk();
  const b = generateNmk();
  assert.is(a.length, 16);
  assert.not.equal(a, b);
});

test.run();
