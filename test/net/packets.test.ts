import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeEthernetFrame,
  decodeIpv6Packet,
  decodeTcpSegment,
  decodeUdpDatagram,
  encodeIpv6Packet,
  encodeTcpSegment,
  encodeUdpDatagram,
  ETHERTYPE_IPV6,
  ipv6ToBytes,
  ipv6ToText,
  NEXT_HEADER_TCP,
  NEXT_HEADER_UDP,
  PacketError,
  TcpFlags,
  upperLayerChecksum,
} from '../../codecs/net/index.js';
import { LINKTYPE_ETHERNET, readCapture } from '../../codecs/pcap/index.js';
import { sharedOrSkip } from '../shared/shared-dir.js';

test('IPv6 addresses: text to bytes and back in RFC 5952 form', () => {
  for (const [text, canonical] of [
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['FE80:0:0:0:0211:22ff:FE33:4455', 'fe80::211:22ff:fe33:4455'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['ff02::1', 'ff02::1'],
  ]) {
    assert.is(ipv6ToText(ipv6ToBytes(text)), canonical, text);
  }
  assert.throws(() => ipv6ToBytes('1:2:3'), RangeError);
  assert.throws(() => ipv6ToBytes('fe80::g'), RangeError);
  assert.throws(() => ipv6ToBytes('fe80::1::2'), RangeError);
});

test('TCP and UDP written here read back, and their checksums verify to zero', () => {
  const src = ipv6ToBytes('fe80::1');
  const dst = ipv6ToBytes('fe80::2');
  const payload = new Uint8Array([1, 2, 3, 4, 5]);
  const tcp = encodeTcpSegment({ sourcePort: 50000, destinationPort: 61851, sequence: 0xfffffff0, acknowledgement: 7, flags: TcpFlags.ACK | TcpFlags.PSH, window: 65535, payload }, src, dst);
  const back = decodeTcpSegment(decodeIpv6Packet(encodeIpv6Packet(src, dst, NEXT_HEADER_TCP, tcp)).payload);
  assert.equal([back.sourcePort, back.destinationPort, back.sequence, back.flags, [...back.payload]], [50000, 61851, 0xfffffff0, 0x18, [1, 2, 3, 4, 5]]);
  // A segment with its checksum in place sums to all ones, so the checksum of it computes as 0 (written 0xffff).
  assert.is(upperLayerChecksum(src, dst, NEXT_HEADER_TCP, tcp), 0xffff);
  const udp = encodeUdpDatagram({ sourcePort: 15118, destinationPort: 50001, payload }, src, dst);
  assert.is(upperLayerChecksum(src, dst, NEXT_HEADER_UDP, udp), 0xffff);
  assert.equal([...decodeUdpDatagram(udp).payload], [1, 2, 3, 4, 5]);
});

// The dSPACE capture was taken on a tap: the pyPLC one on a sending host, whose own segments show checksum offload.
sharedOrSkip(test, 'the checksums of real captured segments verify the same way', ['captures', 'dsv2gshark-iso2-ac.pcapng'], (path) => {
  let checked = 0;
  for (const packet of readCapture(readFileSync(path))) {
    if (packet.linkType !== LINKTYPE_ETHERNET) continue;
    const frame = decodeEthernetFrame(packet.data);
    if (frame.etherType !== ETHERTYPE_IPV6) continue;
    const ip = decodeIpv6Packet(frame.payload);
    if (ip.nextHeader !== NEXT_HEADER_TCP && ip.nextHeader !== NEXT_HEADER_UDP) continue;
    assert.is(upperLayerChecksum(ip.source, ip.destination, ip.nextHeader, ip.payload), 0xffff, `packet at ${packet.timestampMicros}`);
    checked++;
  }
  assert.ok(checked > 1000, `${checked} segments checked`);
});

test('truncated headers are PacketErrors naming the header and field', () => {
  const cases: [() => unknown, string, string][] = [
    [() => decodeEthernetFrame(new Uint8Array(10)), 'Ethernet', 'header'],
    [() => decodeIpv6Packet(new Uint8Array(39)), 'IPv6', 'header'],
    [() => decodeIpv6Packet(Uint8Array.from({ length: 40 }, (_, i) => (i === 0 ? 0x40 : 0))), 'IPv6', 'Version'],
    [() => decodeIpv6Packet(Uint8Array.from({ length: 40 }, (_, i) => (i === 0 ? 0x60 : i === 5 ? 10 : 0))), 'IPv6', 'Payload Length'],
    [() => decodeTcpSegment(Uint8Array.from({ length: 20 }, (_, i) => (i === 12 ? 0xf0 : 0))), 'TCP', 'Data Offset'],
    [() => decodeUdpDatagram(Uint8Array.from({ length: 8 }, (_, i) => (i === 5 ? 200 : 0))), 'UDP', 'Length'],
  ];
  for (const [run, header, field] of cases) {
    try {
      run();
      assert.unreachable(`${header} ${field}`);
    } catch (e) {
      assert.instance(e, PacketError);
      assert.is((e as PacketError).header, header);
      assert.is((e as PacketError).field, field);
    }
  }
});

test.run();
