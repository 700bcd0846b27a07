/**
 * TLS 1.3 for ISO 15118-20 over loopback with the -20 lab PKI: the SECC's P-521 (and Ed448) chain, mutual
 * authentication with the vehicle's OEM chain (required, requested, refused from an unknown root or when missing),
 * the peer certificate on both ends, the field's quirks (an IPv6 literal with zone in SNI, an EVCC offering only
 * secp256r1), and the session secrets for SSLKEYLOGFILE on both ends.
 */
import { connect as nodeTlsConnect } from 'node:tls';
import { filter, TimeoutError } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConnectionEvent } from '../../base/connection-events.js';
import { generateLabPki, seccTlsCredentials, vehicleTlsCredentials, type LabCertificates } from '../../crypto/index.js';
import { TlsError } from '../../transport/transport-errors.js';
import { connectTls, listenTls, type ClientAuthentication, type ConnectTlsOptions, type TlsConnection, type TlsServer } from '../../transport/tls.js';
import type { TlsCredentials } from '../../crypto/credentials.js';
import { BOUND_MS, drain, first, ipv6LoopbackAvailable, withCleanup } from './helpers.js';

const host = (await ipv6LoopbackAvailable()) ? '::1' : '127.0.0.1';
const [lab, ed448, stranger] = (await Promise.all([
  generateLabPki({ profile: 'iso20' }),
  generateLabPki({ profile: 'iso20', keyAlgorithm: 'Ed448', ocspResponderUrl: false }),
  generateLabPki({ profile: 'iso20', ocspResponderUrl: false }),
])).map((pki) => pki.certificates) as [LabCertificates, LabCertificates, LabCertificates];

const mutual = (required: boolean): ClientAuthentication => ({ trustedRoots: [lab.oemRootCa.pem, lab.v2gRootCa.pem], required });

async function echoServer(defer: (close: () => unknown) => void, options: { credentials?: TlsCredentials; clientAuthentication?: ClientAuthentication; keylog?: (line: string) => void } = {}): Promise<TlsServer> {
  const server = await listenTls({ host, version: 'tls1.3', credentials: options.credentials ?? seccTlsCredentials(lab), ...options });
  defer(() => server.close());
  const subscription = server.connections$.subscribe((c) => c.data$.subscribe({ next: (bytes) => c.write(bytes), error: () => undefined }));
  defer(() => subscription.unsubscribe());
  return server;
}

async function evcc(defer: (close: () => unknown) => void, server: TlsServer, options: Partial<ConnectTlsOptions> = {}): Promise<TlsConnection> {
  const connection = await connectTls({ host, port: server.address.port, version: 'tls1.3', trustedRoots: [lab.v2gRootCa.pem], ...options });
  defer(() => connection.destroy('test over'));
  return connection;
}

async function echoOnce(connection: TlsConnection, text: string): Promise<string> {
  const reply = first(connection.data$);
  connection.write(new TextEncoder().encode(text));
  return Buffer.from(await reply).toString();
}

type Secured = Extract<ConnectionEvent, { type: 'tls.secured' }>;
const securedOf = (connection: TlsConnection): Promise<Secured> => first(connection.lifecycle$.pipe(filter((e): e is Secured => e.type === 'tls.secured')));

test('-20 P-521 chain: TLSv1.3 with TLS_AES_256_GCM_SHA384; the EVCC sees the SECC leaf, the SECC no certificate without mutual TLS', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer);
    const accepted = first(server.connections$);
    const ev = await evcc(defer, server);
    const secc = await accepted;
    assert.equal(ev.negotiated, { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', cipherStandardName: 'TLS_AES_256_GCM_SHA384' });
    assert.equal(ev.peerCertificate?.der, lab.seccLeaf.der);
    assert.match(ev.peerCertificate!.subject, /^CN=DE\*KPH\*E0000001, .*DC=CPO$/);
    assert.is(secc.peerCertificate, undefined);
    const secured = await securedOf(ev);
    assert.equal(secured.peerCertificate?.der, lab.seccLeaf.der, 'the tls.secured event carries it too');
    assert.is(await echoOnce(ev, 'SupportedAppProtocolReq'), 'SupportedAppProtocolReq');
  }));

test('-20 Ed448 chain: the handshake signs with ed448 and the EVCC verifies it to its Ed448 V2G root', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer, { credentials: seccTlsCredentials(ed448) });
    const ev = await evcc(defer, server, { trustedRoots: [ed448.v2gRootCa.pem] });
    assert.is(ev.negotiated.protocol, 'TLSv1.3');
    assert.equal(ev.peerCertificate?.der, ed448.seccLeaf.der);
    assert.is(await echoOnce(ev, 'x'), 'x');
  }));

test('mutual TLS required: the SECC sees the vehicle leaf (DER and subject) on the connection and in tls.secured', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer, { clientAuthentication: mutual(true) });
    const accepted = first(server.connections$);
    const ev = await evcc(defer, server, { credentials: vehicleTlsCredentials(lab) });
    const secc = await accepted;
    assert.equal(secc.peerCertificate?.der, lab.vehicleLeaf!.der);
    assert.match(secc.peerCertificate!.subject, /^CN=KPHV2G000000000001, .*DC=OEM$/);
    assert.equal((await securedOf(secc)).peerCertificate?.der, lab.vehicleLeaf!.der);
    assert.is(await echoOnce(ev, 'mutual'), 'mutual');
  }));

test('mutual TLS: a vehicle certificate from an unknown OEM root is refused as untrusted-chain, naming it; the next EVCC is served', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer, { clientAuthentication: mutual(false) });
    const refused = first(server.handshakeFailures$);
    const stray = await evcc(defer, server, { credentials: vehicleTlsCredentials(stranger) });
    const { error } = await refused;
    assert.instance(error, TlsError);
    assert.is(error.operation, 'accept');
    assert.is(error.reason, 'untrusted-chain');
    assert.is(error.code, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    assert.match(error.detail, /vehicle certificate CN=KPHV2G000000000001.*refused/);
    // TLS 1.3 ends the client's handshake before the server has judged its certificate: the EVCC sees the close.
    stray.write(new TextEncoder().encode('never echoed'));
    const ended = await drain(stray.data$).then((text) => text, (e: unknown) => e);
    assert.not.instance(ended, TimeoutError);
    assert.is.not(ended, 'never echoed');
    const ev = await evcc(defer, server, { credentials: vehicleTlsCredentials(lab) });
    assert.is(await echoOnce(ev, 'next'), 'next');
  }));

test('mutual TLS required: an EVCC without a certificate is refused; requested only, it is served without one', () =>
  withCleanup(async (defer) => {
    const strict = await echoServer(defer, { clientAuthentication: mutual(true) });
    const refused = first(strict.handshakeFailures$);
    await evcc(defer, strict).catch(() => undefined);
    const { error } = await refused;
    assert.is(error.reason, 'untrusted-chain');
    assert.match(error.detail, /sent no certificate/);
    const lenient = await echoServer(defer, { clientAuthentication: mutual(false) });
    const accepted = first(lenient.connections$);
    const ev = await evcc(defer, lenient);
    assert.is((await accepted).peerCertificate, undefined);
    assert.is(await echoOnce(ev, 'eim'), 'eim');
  }));

test('field quirk: an EVCC putting an IPv6 literal with zone id in SNI is served', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer);
    const ev = await evcc(defer, server, { serverName: 'fe80::1%eth0' });
    assert.is(await echoOnce(ev, 'sni'), 'sni');
  }));

test('field quirk: an EVCC offering only secp256r1 for key exchange gets P-256 ECDHE with the P-521 certificates', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer);
    const socket = nodeTlsConnect({ host, port: server.address.port, ca: [lab.v2gRootCa.pem], ecdhCurve: 'P-256', minVersion: 'TLSv1.3', checkServerIdentity: () => undefined });
    defer(() => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no handshake within ${BOUND_MS} ms`)), BOUND_MS);
      socket.once('secureConnect', () => (clearTimeout(timer), resolve()));
      socket.once('error', (e) => (clearTimeout(timer), reject(e)));
    });
    assert.is(socket.getEphemeralKeyInfo() && (socket.getEphemeralKeyInfo() as { name?: string }).name, 'prime256v1');
    assert.is(socket.getPeerX509Certificate()?.publicKey.asymmetricKeyDetails?.namedCurve, 'secp521r1');
  }));

test('SSLKEYLOGFILE lines in both roles: the TLS 1.3 traffic secrets of the same session', () =>
  withCleanup(async (defer) => {
    const seccLines: string[] = [];
    const evccLines: string[] = [];
    const server = await echoServer(defer, { keylog: (line) => seccLines.push(line) });
    const ev = await evcc(defer, server, { keylog: (line) => evccLines.push(line) });
    assert.is(await echoOnce(ev, 'keys'), 'keys');
    const labels = (lines: string[]): string[] => lines.map((l) => l.split(' ')[0]!).sort();
    for (const lines of [seccLines, evccLines]) {
      assert.ok(labels(lines).includes('CLIENT_TRAFFIC_SECRET_0') && labels(lines).includes('SERVER_HANDSHAKE_TRAFFIC_SECRET'), lines.join(''));
    }
    const random = (lines: string[]): Set<string> => new Set(lines.map((l) => l.split(' ')[1]));
    assert.equal([...random(seccLines)], [...random(evccLines)], 'one session, one client random');
  }));

test.run();
