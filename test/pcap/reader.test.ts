import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  type CapturedPacket,
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW,
  PcapError,
  readCapture,
} from '../../codecs/pcap/index.js';
import { hex } from '../shared/hex.js';
import { sharedOrSkip } from '../shared/shared-dir.js';

function read(file: Uint8Array): CapturedPacket[] {
  return [...readCapture(file)];
}

function rejects(file: Uint8Array, field: string, offset: number): void {
  try {
    read(file);
  } catch (e) {
    assert.instance(e, PcapError);
    const error = e as PcapError;
    assert.is(error.field, field, error.message);
    assert.is(error.offset, offset, error.message);
    return;
  }
  assert.unreachable(`expected a PcapError on ${field} at byte ${offset}`);
}

/** Every prefix of a file either reads as a prefix of its packets (cut at a record boundary) or fails as PcapError. */
function cutEverywhere(file: Uint8Array): void {
  const whole = read(file);
  for (let length = 0; length < file.length; length++) {
    try {
      const packets = read(file.subarray(0, length));
      assert.ok(packets.length < whole.length || length === file.length, `cut at ${length}`);
      packets.forEach((p, i) => assert.equal(p, whole[i]));
    } catch (e) {
      if (!(e instanceof PcapError)) throw e;
    }
  }
}

const CLASSIC_LITTLE_ENDIAN = hex(
  // magic (µs), version 2.4, thiszone, sigfigs, snaplen 262144, Ethernet
  'd4c3b2a1 0200 0400 00000000 00000000 00000400 01000000',
  '00000065 40e20100 04000000 04000000 deadbeef', // 0x65000000 s + 123456 µs, incl_len 4, orig_len 4
  '01000000 00000000 02000000 3c000000 aabb', // cut at the snap length: 2 of 60 bytes
);

const CLASSIC_BIG_ENDIAN_NANOS = hex(
  'a1b23c4d 0002 0004 00000000 00000000 00040000 00000065', // magic (ns), big-endian, LINKTYPE_RAW
  '00000002 3b9ac9ff 00000001 00000001 45', // 2 s + 999999999 ns
);

const PCAPNG = hex(
  // Section 1, little-endian
  '0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000', // SHB
  '01000000 20000000 0100 0000 00000400 0900 0100 09000000 0000 0000 20000000', // IDB: Ethernet, if_tsresol 9 (ns)
  '06000000 28000000 00000000 fe9c9717 15cd853d 05000000 05000000 0102030405000000 28000000', // EPB
  '04000000 10000000 00000000 10000000', // NRB: skipped
  '03000000 14000000 03000000 aabbcc00 14000000', // SPB: no timestamp
  '02000000 24000000 0000 0000 00000000 d0070000 02000000 02000000 eeff0000 24000000', // obsolete Packet Block
  // Section 2, big-endian
  '0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c',
  '00000001 00000014 0065 0000 00000000 00000014', // IDB: raw IP, default µs resolution
  '00000006 00000024 00000000 00000000 000f4240 00000004 00000004 60000000 00000024', // EPB
);

test('classic pcap, little-endian, microseconds: timestamps, link type, captured and original length', () => {
  assert.equal(read(CLASSIC_LITTLE_ENDIAN), [
    {
      timestampMicros: 0x6500_0000 * 1e6 + 123456,
      linkType: LINKTYPE_ETHERNET,
      data: hex('deadbeef'),
      originalLength: 4,
    },
    { timestampMicros: 1e6, linkType: LINKTYPE_ETHERNET, data: hex('aabb'), originalLength: 60 },
  ]);
});

test('classic pcap, big-endian, nanoseconds truncated to microseconds', () => {
  assert.equal(read(CLASSIC_BIG_ENDIAN_NANOS), [
    { timestampMicros: 2_999_999, linkType: LINKTYPE_RAW, data: hex('45'), originalLength: 1 },
  ]);
});

test('pcapng: sections in both byte orders, if_tsresol, enhanced, simple and obsolete packet blocks', () => {
  assert.equal(read(PCAPNG), [
    { timestampMicros: 1_700_000_000_123_456, linkType: LINKTYPE_ETHERNET, data: hex('0102030405'), originalLength: 5 },
    { timestampMicros: 0, linkType: LINKTYPE_ETHERNET, data: hex('aabbcc'), originalLength: 3 },
    { timestampMicros: 2, linkType: LINKTYPE_ETHERNET, data: hex('eeff'), originalLength: 2 },
    { timestampMicros: 1_000_000, linkType: LINKTYPE_RAW, data: hex('60000000'), originalLength: 4 },
  ]);
});

test('packet data is a view into the file, not a copy', () => {
  const [first] = read(CLASSIC_LITTLE_ENDIAN);
  assert.is(first.data.buffer, CLASSIC_LITTLE_ENDIAN.buffer);
});

test('a file cut anywhere yields the packets before the cut, then PcapError', () => {
  cutEverywhere(CLASSIC_LITTLE_ENDIAN);
  cutEverywhere(CLASSIC_BIG_ENDIAN_NANOS);
  cutEverywhere(PCAPNG);
  rejects(CLASSIC_LITTLE_ENDIAN.subarray(0, 20), 'file header', 0);
  rejects(CLASSIC_LITTLE_ENDIAN.subarray(0, 30), 'record header', 24);
  rejects(CLASSIC_LITTLE_ENDIAN.subarray(0, 42), 'packet data', 40);
  rejects(PCAPNG.subarray(0, 40), 'block', 28);
});

test('damaged headers and lengths are PcapErrors naming the field', () => {
  rejects(hex('00000000 00000000'), 'magic_number', 0);
  rejects(new Uint8Array(0), 'magic_number', 0);
  const version = CLASSIC_LITTLE_ENDIAN.slice();
  version[4] = 3;
  rejects(version, 'version_major', 4);
  const huge = CLASSIC_LITTLE_ENDIAN.slice();
  huge.set(hex('ffffffff'), 32);
  rejects(huge, 'incl_len', 32);
  const badOrder = PCAPNG.slice();
  badOrder.set(hex('00000000'), 8);
  rejects(badOrder, 'byte_order_magic', 8);
  const badTrailer = PCAPNG.slice();
  badTrailer[24] = 0x20;
  rejects(badTrailer, 'block_total_length', 24);
  const oddLength = PCAPNG.slice();
  oddLength[4] = 0x1d;
  rejects(oddLength, 'block_total_length', 4);
  const noInterface = PCAPNG.slice();
  noInterface[68] = 7;
  rejects(noInterface, 'interface_id', 68);
  const tooLong = PCAPNG.slice();
  tooLong[80] = 0x09;
  rejects(tooLong, 'captured_len', 80);
});

test('random bytes, and random bytes behind a valid file start, yield only PcapError', () => {
  let seed = 0x2019;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 16;
  };
  const starts = [CLASSIC_LITTLE_ENDIAN, CLASSIC_BIG_ENDIAN_NANOS, PCAPNG];
  for (let i = 0; i < 3000; i++) {
    const file = Uint8Array.from({ length: random() % 200 }, () => random() & 0xff);
    const start = starts[i % 3];
    file.set(start.subarray(0, Math.min(file.length, 8 + (random() % 40))));
    try {
      read(file);
    } catch (e) {
      if (!(e instanceof PcapError)) throw e;
    }
  }
});

const CAPTURES = [
  'slac-software-modem-pairing.pcap',
  'pyplc-alpitronic-slac-until-sdp.pcapng',
  'pyplc-modelY-din-until-precharge.pcapng',
  'dsv2gshark-iso2-ac.pcapng',
];

for (const name of CAPTURES) {
  sharedOrSkip(test, `${name}: every packet reads as an Ethernet frame with a plausible time`, ['captures', name], (path) => {
    const packets = read(new Uint8Array(readFileSync(path)));
    assert.ok(packets.length > 0);
    const etherTypes = new Map<string, number>();
    for (const { linkType, data, originalLength, timestampMicros } of packets) {
      assert.is(linkType, LINKTYPE_ETHERNET);
      assert.ok(data.length >= 14 && data.length <= originalLength, `${data.length} of ${originalLength} bytes`);
      const plausible = timestampMicros > Date.UTC(2020, 0) * 1000 && timestampMicros < Date.UTC(2030, 0) * 1000;
      assert.ok(plausible, `${timestampMicros}`);
      const etherType = `0x${((data[12] << 8) | data[13]).toString(16).padStart(4, '0')}`;
      etherTypes.set(etherType, (etherTypes.get(etherType) ?? 0) + 1);
    }
    const first = new Date(packets[0].timestampMicros / 1000).toISOString();
    const types = [...etherTypes].map(([type, n]) => `${type} ×${n}`).join(', ');
    console.log(`\n${name}: ${packets.length} packets from ${first}; EtherTypes ${types}`);
  });
}

test.run();
