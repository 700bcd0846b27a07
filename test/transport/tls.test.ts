/**
 * TLS transport with the ISO 15118-2 test PKI: a TLS 1.2 session on ECDHE-ECDSA-AES128-SHA256 whose chain the EVCC
 * verifies against its V2G root; every refusal (unrelated root, expired chain, leaf without DC=CPO, wrong version,
 * silent server) is a typed error, and the SECC goes on serving afterwards.
 */
import { createServer as netCreateServer, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { derToPem, generateTestPki, generateUnrelatedPki, seccTlsCredentials, type TestPki } from '../../crypto/index.js';
import { issueCertificate } from '../../crypto/x509/certificate-builder.js';
import { generateP256KeyPair, privateKeyToPem } from '../../crypto/x509/key-pair.js';
import type { DistinguishedName } from '../../crypto/x509/names.js';
import { TlsError, TransportError } from '../../transport/transport-errors.js';
import { connectTls, listenTls, type TlsConnection, type TlsServer, type TlsVersion } from '../../transport/tls.js';
import { drain, first, ipv6LoopbackAvailable, withCleanup } from './helpers.js';

const host = (await ipv6LoopbackAvailable()) ? '::1' : '127.0.0.1';
const [pki, unrelated] = await Promise.all([generateTestPki(), generateUnrelatedPki()]);

async function echoServer(defer: (close: () => unknown) => void, credentials = seccTlsCredentials(pki), version: TlsVersion = 'tls1.2'): Promise<TlsServer> {
  const server = await listenTls({ host, version, credentials });
  defer(() => server.close());
  const subscription = server.connections$.subscribe((c) => c.data$.subscribe({ next: (bytes) => c.write(bytes), error: () => undefined }));
  defer(() => subscription.unsubscribe());
  return server;
}

async function echoOnce(connection: TlsConnection, text: string): Promise<string> {
  const reply = first(connection.data$);
  connection.write(new TextEncoder().encode(text));
  return Buffer.from(await reply).toString();
}

async function refusal(attempt: Promise<TlsConnection>): Promise<TransportError> {
  try {
    (await attempt).destroy('should not have connected');
  } catch (e) {
    assert.instance(e, TransportError);
    return e as TransportError;
  }
  throw new Error('the connection was accepted where it should have been refused');
}

test('TLS 1.2 with the test PKI: TLSv1.2, ECDHE-ECDSA-AES128-SHA256 on both sides, data flows', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer);
    const accepted = first(server.connections$);
    const evcc = await connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [pki.v2gRootCa.pem] });
    defer(() => evcc.destroy('test over'));
    const secc = await accepted;
    for (const side of [evcc, secc]) {
      assert.is(side.security, 'tls1.2');
      assert.equal(side.negotiated, { protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-SHA256', cipherStandardName: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256' });
    }
    assert.is(await echoOnce(evcc, 'SupportedAppProtocolReq'), 'SupportedAppProtocolReq');
    evcc.close();
    assert.is(await drain(evcc.data$), '');
  }));

test('an EVCC that trusts only an unrelated root refuses the SECC with TlsError untrusted-chain; the SECC serves the next EVCC', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer);
    const error = await refusal(connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [unrelated.v2gRootCa.pem] }));
    assert.instance(error, TlsError);
    assert.is(error.reason, 'untrusted-chain');
    assert.is(error.operation, 'connect');
    const evcc = await connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [pki.v2gRootCa.pem] });
    defer(() => evcc.destroy('test over'));
    assert.is(await echoOnce(evcc, 'still serving'), 'still serving');
  }));

test('an SECC presenting the unrelated chain is refused by an EVCC holding the test root', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer, seccTlsCredentials(unrelated));
    const error = await refusal(connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [pki.v2gRootCa.pem] }));
    assert.is(error.reason, 'untrusted-chain');
  }));

test('an expired SECC chain is TlsError certificate-not-valid-now', () =>
  withCleanup(async (defer) => {
    const stale: TestPki = await generateTestPki({ now: new Date(Date.now() - 90 * 86_400_000) });
    const server = await echoServer(defer, seccTlsCredentials(stale));
    const error = await refusal(connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [stale.v2gRootCa.pem] }));
    assert.instance(error, TlsError);
    assert.is(error.reason, 'certificate-not-valid-now');
    assert.is(error.code, 'CERT_HAS_EXPIRED');
  }));

test('a leaf that chains to the root but lacks DC=CPO is TlsError wrong-domain-component [V2G2-925]', () =>
  withCleanup(async (defer) => {
    const now = Date.now();
    const name = (commonName: string, domainComponent: DistinguishedName['domainComponent']): DistinguishedName => ({ commonName, organizationName: 'Test', countryName: 'DE', domainComponent });
    const rootKeys = await generateP256KeyPair();
    const leafKeys = await generateP256KeyPair();
    const rootName = name('V2GRootCA', 'V2G');
    const validity = { notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) };
    const root = await issueCertificate({ subject: rootName, subjectKeys: rootKeys, basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'], ...validity });
    const leaf = await issueCertificate({
      subject: name('DE*KPH*E0000001', 'V2G'),
      subjectKeys: leafKeys,
      issuer: { name: rootName, keys: rootKeys },
      basicConstraints: { ca: false },
      keyUsage: ['digitalSignature', 'keyAgreement'],
      ...validity,
    });
    const server = await echoServer(defer, { key: await privateKeyToPem(leafKeys.privateKey), certChain: [derToPem('CERTIFICATE', leaf)] });
    const error = await refusal(connectTls({ host, port: server.address.port, version: 'tls1.2', trustedRoots: [derToPem('CERTIFICATE', root)] }));
    assert.instance(error, TlsError);
    assert.is(error.reason, 'wrong-domain-component');
    assert.match(error.detail, /DC=V2G/);
  }));

test('an EVCC asking for TLS 1.3 from a TLS 1.2 SECC: handshake TlsError on the EVCC, a handshake failure reported by the SECC', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer);
    const reported = first(server.handshakeFailures$);
    const error = await refusal(connectTls({ host, port: server.address.port, version: 'tls1.3', trustedRoots: [pki.v2gRootCa.pem] }));
    assert.instance(error, TlsError);
    assert.is(error.reason, 'handshake');
    const { error: failure } = await reported;
    assert.is(failure.operation, 'accept');
    assert.is(failure.reason, 'handshake');
  }));

test('TLS 1.3 (the -20 suites) negotiates TLSv1.3 with TLS_AES_256_GCM_SHA384', () =>
  withCleanup(async (defer) => {
    const server = await echoServer(defer, seccTlsCredentials(pki), 'tls1.3');
    const evcc = await connectTls({ host, port: server.address.port, version: 'tls1.3', trustedRoots: [pki.v2gRootCa.pem] });
    defer(() => evcc.destroy('test over'));
    assert.is(evcc.security, 'tls1.3');
    assert.equal(evcc.negotiated, { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', cipherStandardName: 'TLS_AES_256_GCM_SHA384' });
    assert.is(await echoOnce(evcc, 'x'), 'x');
  }));

test('a server that accepts TCP but never speaks TLS: the dial ends with TransportError timeout within timeoutMs', () =>
  withCleanup(async (defer) => {
    const sockets: Socket[] = [];
    const silent = netCreateServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, host, resolve));
    defer(() => new Promise((resolve) => silent.close(resolve)));
    defer(() => sockets.forEach((s) => s.destroy()));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const error = await refusal(connectTls({ host, port, version: 'tls1.2', trustedRoots: [pki.v2gRootCa.pem], timeoutMs: 150 }));
    assert.is(error.reason, 'timeout');
    assert.not.instance(error, TlsError);
    assert.ok(Date.now() - started < 1_000, 'bounded by timeoutMs');
  }));

test.run();
