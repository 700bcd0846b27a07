import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSlacFrame, serializeSlacFrame, type SlacMessage, SlacFrameError } from '../../codecs/slac/index.js';
import { hex, padded } from '../shared/hex.js';
import { KNOWN_ANSWERS, type KnownAnswer } from './known-answers.js';

function rejects(run: () => unknown, field: string, offset: number): SlacFrameError {
  try {
    run();
  } catch (e) {
    assert.instance(e, SlacFrameError);
    const error = e as SlacFrameError;
    assert.is(error.field, field, `field of: ${error.message}`);
    assert.is(error.offset, offset, `offset of: ${error.message}`);
    assert.ok(error.message.includes(field) && error.message.includes(`byte ${offset}`), error.message);
    return error;
  }
  assert.unreachable(`expected a SlacFrameError on ${field} at byte ${offset}`);
  throw new Error('unreachable');
}

/** Parses, and lets only SlacFrameError through: anything else is a codec bug. */
function parsesOrRejects(frame: Uint8Array): SlacMessage | SlacFrameError {
  try {
    return parseSlacFrame(frame);
  } catch (e) {
    if (e instanceof SlacFrameError) return e;
    throw e;
  }
}

type KnownAnswerOf<T extends SlacMessage['type']> = KnownAnswer & {
  readonly message: Extract<SlacMessage, { type: T }>;
};

function known<T extends SlacMessage['type']>(type: T): KnownAnswerOf<T> {
  const answer = KNOWN_ANSWERS.find((k): k is KnownAnswerOf<T> => k.message.type === type);
  if (answer === undefined) throw new Error(`no known answer for ${type}`);
  return answer;
}

function withBytes(frame: Uint8Array, at: number, bytes: string): Uint8Array {
  const copy = padded(frame);
  copy.set(hex(bytes), at);
  return copy;
}

test('a frame cut anywhere inside its message is rejected, naming the field that no longer fits', () => {
  for (const { name, frame, message } of KNOWN_ANSWERS) {
    for (let length = 0; length < frame.length; length++) {
      const result = parsesOrRejects(frame.subarray(0, length));
      assert.instance(result, SlacFrameError, `${name} cut to ${length} bytes`);
      const error = result as SlacFrameError;
      assert.ok(error.offset <= length, `${name} cut to ${length}: ${error.message}`);
    }
    assert.equal(parseSlacFrame(frame), message);
  }
});

test('a cut frame names the field it ends in', () => {
  const matchCnf = known('CM_SLAC_MATCH.CNF').frame;
  rejects(() => parseSlacFrame(matchCnf.subarray(0, 100)), 'NMK', 93);
  rejects(() => parseSlacFrame(matchCnf.subarray(0, 14)), 'MMV', 14);
  rejects(() => parseSlacFrame(matchCnf.subarray(0, 5)), 'ODA', 0);
});

test('another EtherType (IPv6, a VLAN tag) is not an MME', () => {
  const frame = known('CM_SLAC_PARAM.REQ').frame;
  rejects(() => parseSlacFrame(withBytes(frame, 12, '86dd')), 'EtherType', 12);
  rejects(() => parseSlacFrame(withBytes(frame, 12, '8100')), 'EtherType', 12);
});

test('an MMTYPE outside the SLAC set is rejected at byte 15', () => {
  const frame = known('CM_SLAC_PARAM.REQ').frame;
  const error = rejects(() => parseSlacFrame(withBytes(frame, 15, '3860')), 'MMTYPE', 15);
  assert.ok(error.message.includes('0x6038'), error.message);
});

test('every single-bit flip of MMTYPE either reads as another message or is rejected as SlacFrameError', () => {
  for (const { frame } of KNOWN_ANSWERS) {
    for (let bit = 0; bit < 16; bit++) {
      const flipped = padded(frame);
      flipped[15 + (bit >> 3)] ^= 1 << (bit & 7);
      parsesOrRejects(flipped);
    }
  }
});

test('each message has exactly one MMV', () => {
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_MATCH.REQ').frame, 14, '00')), 'MMV', 14);
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_MATCH.REQ').frame, 14, '02')), 'MMV', 14);
  rejects(() => parseSlacFrame(withBytes(known('VS_SW_VER.REQ').frame, 14, '01')), 'MMV', 14);
});

test('fragmented MMEs are not reassembled', () => {
  rejects(() => parseSlacFrame(withBytes(known('CM_ATTEN_CHAR.IND').frame, 17, '1000')), 'FMI', 17);
  rejects(() => parseSlacFrame(withBytes(known('CM_ATTEN_CHAR.IND').frame, 17, '0001')), 'FMI', 17);
});

test('a vendor MME of another vendor is rejected at its OUI', () => {
  rejects(() => parseSlacFrame(withBytes(known('VS_SW_VER.REQ').frame, 17, '00b053')), 'OUI', 17);
});

test('counts promising more than the frame holds are rejected at the count, before anything is sized by them', () => {
  const profile = known('CM_ATTEN_PROFILE.IND').frame;
  rejects(() => parseSlacFrame(withBytes(profile, 25, '3b')), 'NumGroups', 25);
  rejects(() => parseSlacFrame(withBytes(profile, 25, 'ff')), 'NumGroups', 25);
  rejects(() => parseSlacFrame(withBytes(known('CM_ATTEN_CHAR.IND').frame, 70, 'ff')), 'NumGroups', 70);
  const param = known('CM_SLAC_PARAM.REQ').frame;
  rejects(() => parseSlacFrame(withBytes(param, 20, '01ffffffffffffffff' + 'ff')), 'CipherSuiteSetSize', 29);
  rejects(() => parseSlacFrame(withBytes(known('VS_SW_VER.CNF').frame, 22, 'ff')), 'MVERLENGTH', 22);
});

test('a CM_SLAC_MATCH whose MVFLength disagrees with its layout is rejected', () => {
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_MATCH.REQ').frame, 21, '5600')), 'MVFLength', 21);
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_MATCH.CNF').frame, 21, '3e00')), 'MVFLength', 21);
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_MATCH.REQ').frame, 21, '003e')), 'MVFLength', 21);
});

test('a NID with either of its two top bits set is rejected', () => {
  rejects(() => parseSlacFrame(withBytes(known('CM_SET_KEY.REQ').frame, 39, '43')), 'NID', 33);
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_MATCH.CNF').frame, 91, '83')), 'NID', 85);
});

test('a reserved SECURITY_TYPE leaves CM_SLAC_PARAM without a layout and is rejected', () => {
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_PARAM.REQ').frame, 20, '02')), 'SECURITY_TYPE', 20);
  rejects(() => parseSlacFrame(withBytes(known('CM_SLAC_PARAM.CNF').frame, 35, 'ff')), 'SECURITY_TYPE', 35);
});

test('random bytes, and random bytes behind a valid header, yield only SlacFrameError', () => {
  let seed = 0x15118;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 16;
  };
  for (let i = 0; i < 3000; i++) {
    const frame = Uint8Array.from({ length: random() % 140 }, () => random() & 0xff);
    const header = KNOWN_ANSWERS[random() % KNOWN_ANSWERS.length].frame;
    if (i % 2 === 1) frame.set(header.subarray(0, Math.min(frame.length, 20 + (random() % 8))));
    parsesOrRejects(frame);
  }
});

test('serialising checks every field against its layout and names it', () => {
  const param = known('CM_SLAC_PARAM.CNF').message;
  const mnbc = known('CM_MNBC_SOUND.IND').message;
  const profile = known('CM_ATTEN_PROFILE.IND').message;
  const cnf = known('CM_SLAC_MATCH.CNF').message;
  const version = known('VS_SW_VER.CNF').message;
  rejects(() => serializeSlacFrame({ ...param, RunID: hex('0102') }), 'RunID', 36);
  rejects(() => serializeSlacFrame({ ...param, ODA: hex('0102030405') }), 'ODA', 0);
  rejects(() => serializeSlacFrame({ ...param, NUM_SOUNDS: 256 }), 'NUM_SOUNDS', 25);
  rejects(() => serializeSlacFrame({ ...param, TIME_OUT: 1.5 }), 'TIME_OUT', 26);
  rejects(() => serializeSlacFrame({ ...param, SECURITY_TYPE: 1 }), 'CipherSuite', 44);
  rejects(() => serializeSlacFrame({ ...param, CipherSuite: 1 }), 'CipherSuite', 44);
  rejects(() => serializeSlacFrame({ ...param, SECURITY_TYPE: 2 }), 'SECURITY_TYPE', 35);
  rejects(() => serializeSlacFrame({ ...known('CM_SLAC_PARAM.REQ').message, CipherSuite: [1] }), 'CipherSuite', 29);
  rejects(() => serializeSlacFrame({ ...mnbc, CNT: -1 }), 'CNT', 38);
  rejects(() => serializeSlacFrame({ ...profile, AAG: [...profile.AAG.slice(0, 3), 300] }), 'AAG[3]', 30);
  rejects(() => serializeSlacFrame({ ...profile, AAG: new Array(256).fill(1) }), 'NumGroups', 25);
  rejects(() => serializeSlacFrame({ ...cnf, NID: hex('ffffffffffffff') }), 'NID', 85);
  rejects(() => serializeSlacFrame({ ...cnf, NMK: hex('00') }), 'NMK', 93);
  rejects(() => serializeSlacFrame({ ...version, MVERSION: 'x'.repeat(254) }), 'MVERSION', 23);
  rejects(() => serializeSlacFrame({ ...version, MVERSION: 'Ω' }), 'MVERSION', 23);
  rejects(() => serializeSlacFrame({ ...version, IDENT: 2 ** 32 }), 'IDENT', 277);
});

test.run();
