/**
 * Completing IPv6 upper-layer checksums, as the software modem's bridge does for frames read from a veth: every TCP,
 * UDP and ICMPv6 frame a real car sent, its checksum overwritten as transmit offload leaves it, comes back with the
 * checksum the car's own stack computed; anything else passes untouched.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LINKTYPE_ETHERNET, readCapture } from '../../codecs/pcap/index.js';
import { completeIpv6Checksum } from '../../transport/ethernet/ipv6-checksum.js';
import { sharedOrSkip } from '../shared/shared-dir.js';

const CHECKSUM_AT: Record<number, number> = { 6: 54 + 16, 17: 54 + 6, 58: 54 + 2 };
/** The car's modem side and pyPLC's laptop (the capturing host) in the Model Y capture. */
const MODEL_Y = '98ed5cdad998';
const LAPTOP = 'dc0ea1116708';

function ipv6Frames(path: string): Uint8Array[] {
  return [...readCapture(readFileSync(path))]
    .filter((p) => p.linkType === LINKTYPE_ETHERNET && p.data.length >= 54 && ((p.data[12] << 8) | p.data[13]) === 0x86dd)
    .map((p) => p.data);
}

sharedOrSkip(test, 'the Model Y DIN capture: every checksum the car sent is restored after being zeroed as offload leaves it', ['captures', 'pyplc-modelY-din-until-precharge.pcapng'], (path) => {
  const frames = ipv6Frames(path);
  const restored = new Map<number, number>();
  for (const [i, frame] of frames.entries()) {
    const at = CHECKSUM_AT[frame[20]];
    if (at === undefined || hex(frame.subarray(6, 12)) !== MODEL_Y) continue;
    const offloaded = Uint8Array.from(frame);
    offloaded.set([0x12, 0x34], at);
    assert.is(hex(completeIpv6Checksum(offloaded)), hex(frame), `frame ${i}, next header ${frame[20]}`);
    restored.set(frame[20], (restored.get(frame[20]) ?? 0) + 1);
  }
  assert.ok((restored.get(6) ?? 0) > 100 && restored.has(17) && restored.has(58), `TCP, UDP, ICMPv6: ${[...restored]}`);
});

sharedOrSkip(test, 'the same capture shows the caveat: the capturing laptop\'s own TCP checksums were left to offload', ['captures', 'pyplc-modelY-din-until-precharge.pcapng'], (path) => {
  const frames = ipv6Frames(path);
  const laptopTcp = frames.filter((f) => f[20] === 6 && hex(f.subarray(6, 12)) === LAPTOP);
  assert.ok(laptopTcp.length > 100);
  assert.ok(laptopTcp.every((f) => hex(completeIpv6Checksum(f)) !== hex(f)), 'none carries its real checksum');
});

test('a UDP checksum that computes to 0 is sent as FFFF (0 would mean none, which IPv6 forbids)', () => {
  // With the payload word equal to the checksum of the frame without it, the sum is all ones: the checksum is 0.
  const payload = completeIpv6Checksum(udpFrame(0));
  const frame = completeIpv6Checksum(udpFrame((payload[60] << 8) | payload[61]));
  assert.is(hex(frame.subarray(60, 62)), 'ffff');
});

test('not IPv6, an extension header first, or a payload length past the frame: returned as it is', () => {
  const arp = Uint8Array.from({ length: 60 }, (_, i) => (i === 12 ? 0x08 : i === 13 ? 0x06 : i));
  assert.is(completeIpv6Checksum(arp), arp);
  const hopByHop = udpFrame(1);
  hopByHop[20] = 0;
  assert.is(completeIpv6Checksum(hopByHop), hopByHop);
  const truncated = udpFrame(1);
  truncated[19] = 200;
  assert.is(completeIpv6Checksum(truncated), truncated);
  assert.is(completeIpv6Checksum(Uint8Array.of(1, 2, 3)).length, 3);
});

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Ethernet + IPv6 (fe80::1 → ff02::1) + UDP 15118 → 15118 with a 16-bit payload word and a zero checksum. */
function udpFrame(payload: number): Uint8Array {
  const frame = new Uint8Array(14 + 40 + 10);
  frame.set([0x33, 0x33, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 0x86, 0xdd]);
  frame.set([0x60, 0, 0, 0, 0, 10, 17, 255], 14);
  frame.set([0xfe, 0x80], 22);
  frame[37] = 1;
  frame.set([0xff, 0x02], 38);
  frame[53] = 1;
  frame.set([0x3b, 0x0e, 0x3b, 0x0e, 0, 10, 0, 0, payload >> 8, payload & 0xff], 54);
  return frame;
}

test.run();
