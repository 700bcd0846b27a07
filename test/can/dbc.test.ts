/**
 * The DBC grammar: each statement the signal matrix needs (BO_, SG_ with byte order, sign, factor/offset, range,
 * unit, receivers and multiplexing; BO_TX_BU_, CM_, BA_DEF_/BA_DEF_DEF_/BA_ for GenMsgCycleTime and VFrameFormat,
 * VAL_, SIG_VALTYPE_), extended identifiers (bit 31), and the errors of a wrong file with line and column.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DbcError, parseDbc, signalBits } from '../../codecs/can/dbc.js';
import { EXAMPLE_DBC } from '../../cli/vehicle-network.js';

const HEADER = `VERSION "t"\n\nNS_ :\n\tCM_\n\tBA_DEF_\n\nBS_:\n\nBU_: A B\n\n`;

function errorOf(text: string): DbcError {
  try {
    parseDbc(text, 'x.dbc');
  } catch (err) {
    assert.instance(err, DbcError);
    return err as DbcError;
  }
  throw new Error('no DbcError');
}

test('BO_ and SG_: every field of a message and its signals', () => {
  const dbc = parseDbc(`${HEADER}BO_ 291 Status: 8 A
 SG_ Speed : 0|16@1+ (0.01,0) [0|250] "km/h" B
 SG_ Temp : 23|8@0- (0.5,-40) [-40|87.5] "degC" A,B
 SG_ Raw : 32|8@1+ (1,0) [0|0] "" Vector__XXX
`);
  assert.equal(dbc.version, 't');
  assert.equal(dbc.nodes, ['A', 'B']);
  const [m] = dbc.messages;
  assert.equal([m!.name, m!.id, m!.extended, m!.fd, m!.length, m!.senders], ['Status', 291, false, false, 8, ['A']]);
  const [speed, temp, raw] = m!.signals;
  assert.equal(speed, { name: 'Speed', startBit: 0, length: 16, byteOrder: 'little-endian', signed: false, factor: 0.01, offset: 0, range: { min: 0, max: 250 }, unit: 'km/h', receivers: ['B'] });
  assert.equal([temp!.byteOrder, temp!.signed, temp!.factor, temp!.offset, temp!.range, temp!.receivers], ['big-endian', true, 0.5, -40, { min: -40, max: 87.5 }, ['A', 'B']]);
  // [0|0] is the DBC's way of saying "no range"; Vector__XXX its "no node".
  assert.is(raw!.range, undefined);
  assert.equal(raw!.receivers, []);
});

test('extended identifiers: bit 31 of the BO_ id marks a 29-bit identifier', () => {
  const dbc = parseDbc(`${HEADER}BO_ 2566869221 Wish: 8 A\n SG_ X : 0|8@1+ (1,0) [0|255] "" B\nBO_ 100 Std: 1 A\n`);
  assert.equal(dbc.messages.map((m) => [m.id, m.extended]), [[0x18ff50e5, true], [100, false]]);
});

test('multiplexing: the multiplexor M and the multiplexed m<n>', () => {
  const dbc = parseDbc(`${HEADER}BO_ 10 Mux: 8 A
 SG_ Page M : 0|8@1+ (1,0) [0|3] "" B
 SG_ A0 m0 : 8|16@1+ (1,0) [0|0] "" B
 SG_ B1 m1 : 8|8@1- (1,0) [0|0] "" B
`);
  assert.equal(dbc.messages[0]!.signals.map((s) => s.multiplex), [{ role: 'multiplexor' }, { role: 'multiplexed', value: 0 }, { role: 'multiplexed', value: 1 }]);
});

test('BA_ GenMsgCycleTime and VFrameFormat, with BA_DEF_DEF_ defaults; CM_, VAL_, BO_TX_BU_, SIG_VALTYPE_', () => {
  const dbc = parseDbc(`${HEADER}BO_ 1 Fd: 64 A
 SG_ F : 0|32@1- (1,0) [0|0] "" B
BO_ 2 Classic: 8 A
 SG_ Mode : 0|2@1+ (1,0) [0|3] "" B

BO_TX_BU_ 2 : A,B;
CM_ "a file comment";
CM_ BU_ A "a node";
CM_ BO_ 2 "a message
over two lines";
CM_ SG_ 2 Mode "with \\"quotes\\"";
BA_DEF_ BO_ "GenMsgCycleTime" INT 0 10000;
BA_DEF_ BO_ "VFrameFormat" ENUM "StandardCAN","ExtendedCAN","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","StandardCAN_FD","ExtendedCAN_FD";
BA_DEF_DEF_ "GenMsgCycleTime" 50;
BA_DEF_DEF_ "VFrameFormat" "StandardCAN";
BA_ "GenMsgCycleTime" BO_ 1 1000;
BA_ "VFrameFormat" BO_ 1 14;
VAL_ 2 Mode 0 "Off" 1 "On" 3 "Fault" ;
SIG_VALTYPE_ 1 F : 1;
`);
  const [fd, classic] = dbc.messages;
  assert.equal([fd!.fd, fd!.length, fd!.cycleTimeMs, fd!.signals[0]!.float], [true, 64, 1000, 32]);
  assert.equal([classic!.fd, classic!.cycleTimeMs, classic!.senders], [false, 50, ['A', 'B']]);
  assert.is(classic!.comment, 'a message\nover two lines');
  assert.is(classic!.signals[0]!.comment, 'with "quotes"');
  assert.equal([...classic!.signals[0]!.values!], [[0, 'Off'], [1, 'On'], [3, 'Fault']]);
});

test('signal bits: Intel counts up from the LSB, Motorola down from the MSB across bytes (sawtooth)', () => {
  assert.equal(signalBits({ startBit: 4, length: 12, byteOrder: 'little-endian' }), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  // MSB at byte 0 bit 3; then bits 2..0, then byte 1 bits 7..0: LSB first that is 8..15, then 0..3.
  assert.equal(signalBits({ startBit: 3, length: 12, byteOrder: 'big-endian' }), [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3]);
});

test('a wrong DBC: a DbcError with file, line and column', () => {
  const cases: Array<[string, RegExp, number]> = [
    [`${HEADER}BO_ 1 M: 8 A\n SG_ S : 0|8@2+ (1,0) [0|0] "" B\n`, /byte order 0 .* or 1/, 12],
    [`${HEADER}BO_ 1 M: 8 A\n SG_ S : 60|8@1+ (1,0) [0|0] "" B\n`, /does not fit 8 bytes/, 11],
    [`${HEADER}BO_ 1 M: 12 A\n`, /12 bytes in a classical CAN frame/, 11],
    [`${HEADER}BO_ 1 M: 8 A\n SG_ S : 0|8@1+ (0,0) [0|0] "" B\n`, /factor 0/, 12],
    [`${HEADER}BO_ 1 M: 8 A\nVAL_ 1 Nope 0 "x" ;\n`, /no signal Nope/, 12],
    [`${HEADER}BA_ "GenMsgCycleTime" BO_ 7 100;\n`, /no message BO_ 7/, 11],
    [`${HEADER}CM_ "never closed;\n`, /string is not closed/, 11],
    [`${HEADER}BO_ 1 M: 8 A\n SG_ S m0 : 0|8@1+ (1,0) [0|0] "" B\n`, /multiplexed signals without a multiplexor/, 11],
    [`${HEADER}BO_ 1 M: 8 A\n SG_ S m1M : 0|8@1+ (1,0) [0|0] "" B\n`, /extended multiplexing/, 12],
    [`${HEADER}WHAT_ 1;\n`, /unknown statement 'WHAT_'/, 11],
  ];
  for (const [text, reason, line] of cases) {
    const err = errorOf(text);
    assert.match(err.message, reason);
    assert.match(err.message, /^x\.dbc:\d+:\d+: /);
    assert.is(err.line, line, err.message);
  }
});

test('the example matrix: 400/800 V BMS, VCU and EMS messages, one CAN FD, one extended', () => {
  const dbc = parseDbc(readFileSync(EXAMPLE_DBC, 'utf8'));
  const byName = new Map(dbc.messages.map((m) => [m.name, m]));
  assert.equal(dbc.nodes, ['BMS', 'VCU', 'EMS', 'EVCC']);
  assert.equal([byName.get('BMS_CellStats')!.fd, byName.get('BMS_CellStats')!.length], [true, 64]);
  assert.equal([byName.get('EMS_ChargeWish')!.extended, byName.get('EMS_ChargeWish')!.id], [true, 0x18ff50e5]);
  assert.is(byName.get('BMS_ChargeLimits')!.signals[0]!.byteOrder, 'big-endian');
  assert.ok(dbc.messages.every((m) => m.cycleTimeMs !== undefined && m.cycleTimeMs > 0));
});

test.run();
