import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW,
  PcapError,
  type PcapWriterLinkType,
  encodePcapHeader,
  encodePcapRecord,
  readCapture,
  writePcap,
} from '../../codecs/pcap/index.js';
import { hex } from '../shared/hex.js';

function rejects(run: () => unknown, field: string): void {
  try {
    run();
  } catch (e) {
    assert.instance(e, PcapError);
    assert.is((e as PcapError).field, field, (e as PcapError).message);
    return;
  }
  assert.unreachable(`expected a PcapError on ${field}`);
}

test('the file header is little-endian classic pcap 2.4 with microseconds and the chosen link type', () => {
  assert.equal(encodePcapHeader(), hex('d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000'));
  assert.equal(encodePcapHeader(LINKTYPE_RAW), hex('d4c3b2a1 0200 0400 00000000 00000000 00000400 65000000'));
});

test('a record is ts_sec, ts_usec, incl_len, orig_len and the bytes', () => {
  assert.equal(
    encodePcapRecord({ timestampMicros: 1_700_000_000_123_456, data: hex('0102'), originalLength: 60 }),
    hex('00f15365 40e20100 02000000 3c000000 0102'),
  );
});

test('written files read back packet for packet, Ethernet or raw IPv6', () => {
  for (const linkType of [LINKTYPE_ETHERNET, LINKTYPE_RAW] as PcapWriterLinkType[]) {
    const records = [
      { timestampMicros: 1_700_000_000_000_001, data: hex('ffffffffffff 0200000000e1 88e1 01 6460') },
      { timestampMicros: 1_700_000_000_999_999, data: new Uint8Array(1514).fill(7) },
      { timestampMicros: 0, data: new Uint8Array(0) },
      { timestampMicros: 1_700_000_001_000_000, data: hex('60000000'), originalLength: 1280 },
    ];
    const packets = [...readCapture(writePcap(records, linkType))];
    const expected = records.map(({ timestampMicros, data, originalLength }) => ({
      timestampMicros,
      linkType,
      data,
      originalLength: originalLength ?? data.length,
    }));
    assert.equal(packets, expected);
  }
  assert.equal([...readCapture(writePcap([]))], []);
});

test('records the format cannot hold are refused, naming the field', () => {
  rejects(() => encodePcapRecord({ timestampMicros: -1, data: hex('00') }), 'ts_sec');
  rejects(() => encodePcapRecord({ timestampMicros: 1.5, data: hex('00') }), 'ts_sec');
  rejects(() => encodePcapRecord({ timestampMicros: 2 ** 32 * 1e6, data: hex('00') }), 'ts_sec');
  rejects(() => encodePcapRecord({ timestampMicros: 0, data: new Uint8Array(262_145) }), 'incl_len');
  rejects(() => encodePcapRecord({ timestampMicros: 0, data: hex('0000'), originalLength: 1 }), 'orig_len');
  rejects(() => encodePcapHeader(229 as PcapWriterLinkType), 'network');
});

test.run();
