/** SDP request and response bytes (ISO 15118-2 §7.10), known answers and every kind of malformed datagram. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hex } from '../shared/hex.js';
import { Prng } from '../shared/prng.js';
import { decodeSdpMessage, encodeSdpMessage, SdpError, Security, TransportProtocol, type SdpResponse } from '../../codecs/sdp/index.js';

const seccAddress = hex('fe80 0000 0000 0000 0211 22ff fe33 4455');

test('SDP request without TLS over TCP: 01 FE 90 00 00 00 00 02 10 00', () => {
  const bytes = hex('01 fe 9000 00000002 10 00');
  assert.equal(encodeSdpMessage({ kind: 'SDPRequest', wireless: false, Security: Security.NoTransportSecurity, TransportProtocol: TransportProtocol.TCP }), bytes);
  assert.equal(decodeSdpMessage(bytes), { kind: 'SDPRequest', wireless: false, Security: 0x10, TransportProtocol: 0x00 });
});

test('SDP response: address, big-endian port 61851 (F1 9B), security, transport', () => {
  const bytes = hex(`01 fe 9001 00000014 ${Buffer.from(seccAddress).toString('hex')} f19b 00 00`);
  const response: SdpResponse = { kind: 'SDPResponse', wireless: false, SECCIPAddress: seccAddress, SECCPort: 61851, Security: Security.TLS, TransportProtocol: TransportProtocol.TCP };
  assert.equal(encodeSdpMessage(response), bytes);
  assert.equal(decodeSdpMessage(bytes), response);
});

test('wireless SDP (ISO 15118-20, 0x9002/0x9003) has the same layouts', () => {
  const bytes = hex('01 fe 9002 00000002 00 00');
  assert.equal(decodeSdpMessage(bytes), { kind: 'SDPRequest', wireless: true, Security: 0x00, TransportProtocol: 0x00 });
  assert.equal(encodeSdpMessage({ kind: 'SDPRequest', wireless: true, Security: 0x00, TransportProtocol: 0x00 }), bytes);
});

const rejects = (bytes: Uint8Array, field: RegExp, offset: number): void => {
  assert.throws(() => decodeSdpMessage(bytes), (e: unknown) => e instanceof SdpError && field.test(e.field) && e.offset === offset);
};

test('malformed datagrams are SdpErrors naming field and byte', () => {
  rejects(hex('01 fe 9000 00000002 20 00'), /^Security$/, 8);
  rejects(hex('01 fe 9000 00000002 10 01'), /^TransportProtocol$/, 9);
  rejects(hex('02 fe 9000 00000002 10 00'), /version/, 0);
  rejects(hex('01 fe 8001 00000002 10 00'), /payloadType/, 2);
  rejects(hex('01 fe 9000 00000003 10 00 00'), /payload length/, 4);
  rejects(hex('01 fe 9001 00000002 10 00'), /payload length/, 4);
  rejects(hex('01 fe 9000 00000002 10'), /V2GTP/, 9);
});

test('every truncation and random datagrams yield only SdpError', () => {
  const good = encodeSdpMessage({ kind: 'SDPResponse', wireless: false, SECCIPAddress: seccAddress, SECCPort: 50000, Security: 0x10, TransportProtocol: 0x00 });
  for (let n = 0; n < good.length; n++) assert.throws(() => decodeSdpMessage(good.subarray(0, n)), (e: unknown) => e instanceof SdpError);
  const rnd = new Prng(1, 'sdp');
  for (let i = 0; i < 5000; i++) {
    const d = new Uint8Array(rnd.below(40));
    rnd.fill(d);
    try {
      decodeSdpMessage(d);
    } catch (e) {
      assert.instance(e, SdpError);
    }
  }
});

test('a response needs a 16-byte address and a port', () => {
  assert.throws(() => encodeSdpMessage({ kind: 'SDPResponse', wireless: false, SECCIPAddress: new Uint8Array(4), SECCPort: 1, Security: 0x10, TransportProtocol: 0x00 }), (e: unknown) => e instanceof SdpError && e.field === 'SECCIPAddress');
  assert.throws(() => encodeSdpMessage({ kind: 'SDPResponse', wireless: false, SECCIPAddress: seccAddress, SECCPort: 70000, Security: 0x10, TransportProtocol: 0x00 }), (e: unknown) => e instanceof SdpError && e.field === 'SECCPort');
});

test.run();
