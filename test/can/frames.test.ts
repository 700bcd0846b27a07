/**
 * The frame formats around the signal matrix: candump -L log lines, SLCAN (Lawicel) lines with the CAN FD extension,
 * the kernel's struct can_frame / canfd_frame and sockaddr_can; and the in-process bus.
 */
import { endianness } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CandumpError, parseCandump } from '../../codecs/can/candump.js';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { parseSlcanLine, slcanLine, slcanLineSplitter, SlcanError, SLCAN_MAX_LINE } from '../../codecs/can/slcan-lines.js';
import { createMemoryCanBus } from '../../transport/can/memory-bus.js';
import { AF_CAN, CAN_MTU, CANFD_MTU, frameFromKernel, frameToKernel, intOption, SOCKADDR_CAN_SIZE, sockaddrCan } from '../../transport/can/socketcan-frames.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const FRAMES: Array<[string, CanFrame]> = [
  ['classical', { id: 0x123, extended: false, fd: false, data: bytes(0xde, 0xad, 0xbe, 0xef) }],
  ['extended', { id: 0x18ff50e5, extended: true, fd: false, data: bytes(1, 2, 3, 4, 5, 6, 7, 8) }],
  ['empty', { id: 0x7ff, extended: false, fd: false, data: bytes() }],
  ['remote', { id: 0x100, extended: false, fd: false, rtr: true, data: new Uint8Array(4) }],
  ['FD', { id: 0x3a3, extended: false, fd: true, data: new Uint8Array(64).map((_, i) => i) }],
  ['FD with bit rate switch', { id: 0x1abcdef, extended: true, fd: true, brs: true, data: new Uint8Array(12).fill(0xaa) }],
];

test('candump -L: classical, extended, remote and CAN FD lines; error frames and blank lines skipped', () => {
  const log = [
    '(1436509052.249713) vcan0 123#DEADBEEF',
    '(1436509052.250000) can1 18FF50E5#0102030405060708',
    '',
    '(1436509052.3) vcan0 100#R4',
    '(1436509052.4) vcan0 3A3##1' + '00'.repeat(12),
    '(1436509052.5) vcan0 20000004#0004000000000000',
  ].join('\n');
  const frames = [...parseCandump(log)];
  assert.is(frames.length, 4);
  assert.equal(frames[0], { time: 1436509052.249713, iface: 'vcan0', frame: { id: 0x123, extended: false, fd: false, data: bytes(0xde, 0xad, 0xbe, 0xef) } });
  assert.equal([frames[1]!.frame.extended, frames[1]!.iface], [true, 'can1']);
  assert.equal([frames[2]!.frame.rtr, frames[2]!.frame.data.length], [true, 4]);
  assert.equal([frames[3]!.frame.fd, frames[3]!.frame.brs, frames[3]!.frame.data.length], [true, true, 12]);
});

test('candump -L: a line that is not a frame names its number', () => {
  for (const [line, reason] of [['vcan0 123#00', /not a candump -L frame/], ['(1.0) vcan0 123#0', /odd number/], ['(1.0) vcan0 123#' + '00'.repeat(9), /at most 8 bytes/], ['(1.0) vcan0 123##0' + '00'.repeat(9), /no CAN FD DLC says 9/]] as const) {
    assert.throws(() => [...parseCandump(`(1.0) vcan0 001#00\n${line}`)], (e: unknown) => e instanceof CandumpError && e.line === 2 && reason.test(e.message));
  }
});

test('SLCAN lines: each kind of frame there and back', () => {
  assert.is(slcanLine(FRAMES[0]![1]), 't1234DEADBEEF\r');
  assert.is(slcanLine(FRAMES[1]![1]), 'T18FF50E580102030405060708\r');
  assert.is(slcanLine(FRAMES[3]![1]), 'r1004\r');
  assert.is(slcanLine(FRAMES[5]![1]).slice(0, 11), 'B01ABCDEF9A');
  for (const [what, frame] of FRAMES) assert.equal(parseSlcanLine(slcanLine(frame).slice(0, -1)), frame, what);
});

test('SLCAN lines: time stamps tolerated, replies skipped, bad frames refused with the line', () => {
  assert.equal(parseSlcanLine('t1232AABB1234')!.data, bytes(0xaa, 0xbb));
  for (const reply of ['', 'z', 'Z', 'V1013', 'O', 'S6', 'F00']) assert.is(parseSlcanLine(reply), undefined);
  assert.throws(() => parseSlcanLine('t1233AABB'), (e: unknown) => e instanceof SlcanError && /3 data bytes announced/.test((e as Error).message));
  assert.throws(() => parseSlcanLine('t12'), (e: unknown) => e instanceof SlcanError);
  assert.throws(() => parseSlcanLine('t8001AA'), /does not fit 11 bits/);
});

test('SLCAN stream: lines cut at CR and BEL across chunks; a run without a line end is dropped, not kept', () => {
  const lines: string[] = [];
  const overlong: number[] = [];
  const split = slcanLineSplitter((l) => lines.push(l), (n) => overlong.push(n));
  split(Buffer.from('t12'));
  split(Buffer.from('31AA\r\x07\rT000000010\r'));
  split(Buffer.alloc(10_000, 0x41));
  split(Buffer.from('\rt0010\r'));
  assert.equal(lines, ['t1231AA', 'T000000010', 't0010']);
  assert.equal(overlong, [SLCAN_MAX_LINE + 1]);
});

test('SocketCAN struct can_frame and canfd_frame in the host byte order, there and back', () => {
  const le = endianness() === 'LE';
  const classic = frameToKernel(FRAMES[1]![1]);
  assert.is(classic.length, CAN_MTU);
  assert.is(le ? classic.readUInt32LE(0) : classic.readUInt32BE(0), (0x8000_0000 | 0x18ff50e5) >>> 0);
  assert.is(classic[4], 8);
  const fd = frameToKernel(FRAMES[5]![1]);
  assert.equal([fd.length, fd[4], fd[5]], [CANFD_MTU, 12, 0x05]);
  const remote = frameToKernel(FRAMES[3]![1]);
  assert.is((le ? remote.readUInt32LE(0) : remote.readUInt32BE(0)) >>> 30, 1);
  for (const [what, frame] of FRAMES) assert.equal(frameFromKernel(frameToKernel(frame)), frame, what);
  const error = Buffer.alloc(CAN_MTU);
  error.writeUInt32LE(0x2000_0004, 0);
  if (le) assert.is(frameFromKernel(error), undefined);
  assert.throws(() => frameFromKernel(new Uint8Array(20)), /neither CAN_MTU nor CANFD_MTU/);
});

test('SocketCAN sockaddr_can and the CAN_RAW_FD_FRAMES option value', () => {
  const address = sockaddrCan(7);
  assert.is(address.length, SOCKADDR_CAN_SIZE);
  const le = endianness() === 'LE';
  assert.equal([le ? address.readUInt16LE(0) : address.readUInt16BE(0), le ? address.readInt32LE(4) : address.readInt32BE(4)], [AF_CAN, 7]);
  assert.equal([...intOption(1)], le ? [1, 0, 0, 0] : [0, 0, 0, 1]);
});

test('the in-process bus: every other node receives a copy, the sender not; a closed node neither', () => {
  const bus = createMemoryCanBus();
  const [a, b, c] = [bus.port('a'), bus.port('b'), bus.port('c')];
  const got: Record<string, number[]> = { a: [], b: [], c: [] };
  a.frames$.subscribe((f) => got.a!.push(f.id));
  b.frames$.subscribe((f) => got.b!.push(f.id));
  let completed = false;
  c.frames$.subscribe({ next: (f) => got.c!.push(f.id), complete: () => (completed = true) });
  const data = bytes(1);
  a.send({ id: 1, extended: false, fd: false, data });
  data[0] = 9;
  c.close();
  b.send({ id: 2, extended: false, fd: true, data });
  assert.equal(got, { a: [2], b: [1], c: [1] });
  assert.ok(completed);
  assert.throws(() => a.send({ id: 0x800, extended: false, fd: false, data }), /does not fit 11 bits/);
});

test.run();
