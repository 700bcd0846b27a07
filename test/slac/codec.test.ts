import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSlacFrame, readMmeHeader, serializeSlacFrame, SLAC_MMTYPES } from '../../codecs/slac/index.js';
import { hex, padded } from '../shared/hex.js';
import { EV, KNOWN_ANSWERS } from './known-answers.js';

for (const { name, frame, message } of KNOWN_ANSWERS) {
  test(`${name}: serialises to the bytes of the layout, padded to 60`, () => {
    assert.equal(serializeSlacFrame(message), padded(frame));
    assert.equal(serializeSlacFrame(message, { padding: false }), frame);
  });

  test(`${name}: parses to the fields of the layout, with or without padding`, () => {
    assert.equal(parseSlacFrame(padded(frame)), message);
    assert.equal(parseSlacFrame(frame), message);
  });
}

test('every message type of the codec has a known answer', () => {
  const covered = new Set(KNOWN_ANSWERS.map((k) => k.message.type));
  assert.equal([...covered].sort(), Object.keys(SLAC_MMTYPES).sort());
});

test('padding is ignored whatever it holds, as open-plc-utils\' 326-byte CM_ATTEN_CHAR.IND needs', () => {
  const ind = KNOWN_ANSWERS.find((k) => k.message.type === 'CM_ATTEN_CHAR.IND');
  assert.ok(ind);
  const long = padded(ind.frame, 326).fill(0xee, ind.frame.length);
  assert.equal(parseSlacFrame(long), ind.message);
});

test('a parsed message owns its bytes: changing the frame afterwards does not change it', () => {
  const frame = hex('ffffffffffff', '0200000000e1', '88e1', '01', '6460', '0000', '00', '00', '0102030405060708');
  const message = parseSlacFrame(frame);
  frame.fill(0);
  assert.equal(message.OSA, EV);
  assert.ok(message.type === 'CM_SLAC_PARAM.REQ');
  assert.equal(message.RunID, hex('0102030405060708'));
});

test('the header of any MME is readable, with FMI only when MMV is not 0', () => {
  const cmNwInfo = hex('00b052000001', '0200000000e1', '88e1', '01', '3860', '0000');
  assert.equal(readMmeHeader(cmNwInfo), {
    ODA: hex('00b052000001'), OSA: EV, MMV: 1, MMTYPE: 0x6038, FMI: 0, payloadOffset: 19,
  });
  const vsOpAttr = hex('00b052000001', '0200000000e1', '88e1', '00', '68a0', '00b052');
  assert.equal(readMmeHeader(vsOpAttr), {
    ODA: hex('00b052000001'), OSA: EV, MMV: 0, MMTYPE: 0xa068, FMI: undefined, payloadOffset: 17,
  });
});

test.run();
