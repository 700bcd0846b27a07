/**
 * One TLS port for ISO 15118-2 and -20: the SECC's P-256 chain over TLS 1.2 and its P-521 chain over TLS 1.3, each
 * connection handed to the version its ClientHello offers; recorded or not; a ClientHello read however it is split,
 * and what is no ClientHello sent to the TLS 1.2 server to fail there.
 */
import { connect as netConnect } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateLabPki, generateTestPki, seccTlsCredentials } from '../../crypto/index.js';
import { clientHelloVersion } from '../../transport/client-hello-version.js';
import { connectTls, listenTls, type TlsServer } from '../../transport/tls.js';
import { first, ipv6LoopbackAvailable, withCleanup } from './helpers.js';

const host = (await ipv6LoopbackAvailable()) ? '::1' : '127.0.0.1';
const [iso2, iso20] = await Promise.all([generateTestPki(), generateLabPki({ profile: 'iso20', ocspResponderUrl: false }).then((p) => p.certificates)]);

async function station(defer: (close: () => unknown) => void, captureWire: boolean): Promise<TlsServer> {
  const server = await listenTls({
    host,
    version: 'tls1.2',
    credentials: seccTlsCredentials(iso2),
    alongside: { version: 'tls1.3', credentials: seccTlsCredentials(iso20) },
    captureWire,
  });
  defer(() => server.close());
  const echo = server.connections$.subscribe((c) => c.data$.subscribe({ next: (bytes) => c.write(bytes), error: () => undefined }));
  defer(() => echo.unsubscribe());
  return server;
}

for (const captureWire of [false, true]) {
  test(`one port${captureWire ? ', recorded' : ''}: a TLS 1.2 EVCC gets the -2 chain, a TLS 1.3 EVCC the -20 chain, each connection its version`, () =>
    withCleanup(async (defer) => {
      const server = await station(defer, captureWire);
      const accepted: string[] = [];
      const watch = server.connections$.subscribe((c) => accepted.push(c.security));
      defer(() => watch.unsubscribe());
      const ev2 = await connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [iso2.v2gRootCa.pem] });
      defer(() => ev2.destroy('test over'));
      const ev20 = await connectTls({ host, port: server.address.port, version: 'tls1.3', trustedRoots: [iso20.v2gRootCa.pem] });
      defer(() => ev20.destroy('test over'));
      assert.is(ev2.negotiated.protocol, 'TLSv1.2');
      assert.equal(ev2.peerCertificate?.der, iso2.seccLeaf.der);
      assert.is(ev20.negotiated.protocol, 'TLSv1.3');
      assert.equal(ev20.peerCertificate?.der, iso20.seccLeaf.der);
      const reply = first(ev20.data$);
      ev20.write(new TextEncoder().encode('-20'));
      assert.is(Buffer.from(await reply).toString(), '-20');
      assert.equal(accepted.sort(), ['tls1.2', 'tls1.3']);
    }));
}

test('a client that sends no ClientHello is refused by the TLS 1.2 server, and the port serves on', () =>
  withCleanup(async (defer) => {
    const server = await station(defer, false);
    const refused = first(server.handshakeFailures$);
    const raw = netConnect({ host, port: server.address.port });
    defer(() => raw.destroy());
    raw.write('GET / HTTP/1.1\r\n\r\n');
    const failure = await refused;
    assert.is(failure.version, 'tls1.2');
    const ev20 = await connectTls({ host, port: server.address.port, version: 'tls1.3', trustedRoots: [iso20.v2gRootCa.pem] });
    defer(() => ev20.destroy('test over'));
    assert.is(ev20.negotiated.protocol, 'TLSv1.3');
  }));

/** A ClientHello record with the given extensions (type, data). */
function clientHello(extensions: readonly [number, number[]][]): Uint8Array {
  const ext = extensions.flatMap(([type, data]) => [type >> 8, type & 0xff, data.length >> 8, data.length & 0xff, ...data]);
  const body = [0x03, 0x03, ...new Array<number>(32).fill(7), 0, 0, 2, 0x13, 0x02, 1, 0, ext.length >> 8, ext.length & 0xff, ...ext];
  const handshake = [0x01, 0, body.length >> 8, body.length & 0xff, ...body];
  return Uint8Array.from([0x16, 0x03, 0x01, handshake.length >> 8, handshake.length & 0xff, ...handshake]);
}

test('clientHelloVersion: supported_versions with 0x0304 is TLS 1.3; without it, or malformed, TLS 1.2; incomplete, not yet', () => {
  const tls13 = clientHello([[10, [0, 2, 0, 23]], [43, [4, 0x03, 0x04, 0x03, 0x03]]]);
  assert.is(clientHelloVersion(tls13), 'tls1.3');
  assert.is(clientHelloVersion(clientHello([[43, [2, 0x03, 0x03]]])), 'tls1.2');
  assert.is(clientHelloVersion(clientHello([])), 'tls1.2');
  assert.is(clientHelloVersion(tls13.subarray(0, 4)), undefined);
  assert.is(clientHelloVersion(tls13.subarray(0, tls13.length - 1)), undefined);
  // A list length past its data, an extension length past the record: read no further, no TLS 1.3.
  assert.is(clientHelloVersion(clientHello([[43, [200, 0x03, 0x04]]])), 'tls1.2');
  const lying = clientHello([[43, [2, 0x03, 0x04]]]);
  lying[lying.length - 4] = 0xff;
  assert.is(clientHelloVersion(lying), 'tls1.2');
  assert.is(clientHelloVersion(Uint8Array.of(0x16, 0x03, 0x01, 0xff, 0xff)), 'tls1.2', 'a record longer than TLS allows');
  assert.is(clientHelloVersion(Uint8Array.of(0x47, 0x45, 0x54, 0x20, 0x2f)), 'tls1.2');
});

test.run();
