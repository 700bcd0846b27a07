/**
 * OCSP stapling on the station's one TLS port: ISO 15118-20's TLS 1.3 server, beside ISO 15118-2's TLS 1.2 one,
 * staples its own -20 leaf's OCSP response (status_request, RFC 8446 §4.4.2.1: in the leaf's CertificateEntry) to an
 * EVCC that asks, for a P-521 and an Ed448 -20 chain, recorded or not; the response comes from a real responder
 * (`openssl ocsp`) signing as the -20 CPO Sub-CA 2. A TLS 1.2 EVCC on the same port is never given the -20 staple;
 * the station (startSeccServers) staples each version's leaf from its own stapler.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateLabPki, generateTestPki, seccTlsCredentials, type LabCertificates } from '../../crypto/index.js';
import { buildOcspRequest, OcspStapler, verifyOcspResponse } from '../../crypto/ocsp/index.js';
import { startSeccServers } from '../../actors/stack/secc-station.js';
import { listenTls, type TlsServer } from '../../transport/tls.js';
import { opensslAbsent, stapledTo, startResponder, type Responder } from './ocsp-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-ocsp-staple13-'));
const iso2 = await generateTestPki();
const keyAlgorithms = ['P-521', 'Ed448'] as const;
const running: { responder: Responder; stapler: OcspStapler }[] = [];

test.after(async () => {
  for (const { responder, stapler } of running) {
    stapler.stop();
    await responder.stop();
  }
  rmSync(folder, { recursive: true, force: true });
});

type SeccChain = Pick<LabCertificates, 'seccLeaf' | 'cpoSubCa2'>;

/** A stapler of an SECC leaf, fed by a responder signing as its issuer; the first response already fetched. */
async function staplerOf(name: string, chain: SeccChain): Promise<OcspStapler> {
  const subCa2 = { pem: chain.cpoSubCa2.pem, keyPem: chain.cpoSubCa2.privateKeyPem };
  const serialHex = new X509Certificate(chain.seccLeaf.der).serialNumber.toUpperCase();
  const responder = await startResponder(folder, name, { ca: subCa2, signer: subCa2, index: [{ serialHex }] });
  const stapler = new OcspStapler({ certificate: chain.seccLeaf.der, issuer: chain.cpoSubCa2.der, url: responder.url, retryMs: 30_000 });
  running.push({ responder, stapler });
  await stapler.start();
  return stapler;
}

/** A staple that is the chain's leaf's own good status, signed by its issuer. */
function assertGood(stapled: Buffer, chain: SeccChain): void {
  const { certId } = buildOcspRequest(chain.seccLeaf.der, chain.cpoSubCa2.der);
  assert.is(verifyOcspResponse(stapled, { certId, issuer: chain.cpoSubCa2.der }).status, 'good');
}

/** The station's TLS port: -2 over TLS 1.2, -20 over TLS 1.3 with its stapler. */
async function withStation(iso20: LabCertificates, stapler: OcspStapler, captureWire: boolean, run: (server: TlsServer) => Promise<void>): Promise<void> {
  const server = await listenTls({
    host: '127.0.0.1',
    version: 'tls1.2',
    credentials: seccTlsCredentials(iso2),
    alongside: { version: 'tls1.3', credentials: seccTlsCredentials(iso20), ocspStapling: stapler },
    captureWire,
  });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

for (const keyAlgorithm of keyAlgorithms) {
  test(`${keyAlgorithm} -20 chain over TLS 1.3 on the shared port: stapled where asked (plain and recorded), not where not asked, never to TLS 1.2`, async () => {
    if (opensslAbsent) return console.log(`NOTICE: TLS 1.3 OCSP stapling (${keyAlgorithm}) skipped: ${opensslAbsent}`);
    const iso20 = (await generateLabPki({ profile: 'iso20', keyAlgorithm, ocspResponderUrl: false })).certificates;
    const stapler = await staplerOf(keyAlgorithm.toLowerCase(), iso20);
    const current = stapler.current();
    assert.ok(current, `the stapler verified the ${keyAlgorithm} leaf's response`);
    assert.is(current.status, 'good');
    for (const captureWire of [false, true]) {
      await withStation(iso20, stapler, captureWire, async (server) => {
        const stapled = await stapledTo(server.address.port, iso20.v2gRootCa.pem, 'tls1.3', true);
        assert.ok(stapled, `a response was stapled${captureWire ? ' (recorded)' : ''}`);
        assert.equal(new Uint8Array(stapled), current.der);
        assertGood(stapled, iso20);
        assert.is(await stapledTo(server.address.port, iso20.v2gRootCa.pem, 'tls1.3', false), undefined, 'nothing unasked');
        assert.is(await stapledTo(server.address.port, iso2.v2gRootCa.pem, 'tls1.2', true), null, 'the -2 server has no stapler');
      });
    }
  });
}

test('the station staples each version\'s own leaf: -20 over TLS 1.3 (tls13.ocspStapling), -2 over TLS 1.2 (ocspStapling)', async () => {
  if (opensslAbsent) return console.log(`NOTICE: the station's OCSP stapling skipped: ${opensslAbsent}`);
  const iso20 = (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false })).certificates;
  const [stapler20, stapler2] = await Promise.all([staplerOf('station-iso20', iso20), staplerOf('station-iso2', iso2)]);
  const servers = await startSeccServers({
    host: '127.0.0.1',
    protocols: ['iso20-dc', 'iso2'],
    evseId: 'DE*KPH*E0000001',
    tls: { credentials: seccTlsCredentials(iso2), ocspStapling: stapler2, tls13: { credentials: seccTlsCredentials(iso20), ocspStapling: stapler20 } },
    powerModule: () => {
      throw new Error('no session expected');
    },
  });
  try {
    const port = servers.tlsAddress!.port;
    const stapled20 = await stapledTo(port, iso20.v2gRootCa.pem, 'tls1.3', true);
    assert.ok(stapled20, 'the -20 leaf\'s response was stapled over TLS 1.3');
    assertGood(stapled20, iso20);
    const stapled2 = await stapledTo(port, iso2.v2gRootCa.pem, 'tls1.2', true);
    assert.ok(stapled2, 'the -2 leaf\'s response was stapled over TLS 1.2');
    assertGood(stapled2, iso2);
  } finally {
    await servers.close();
  }
});

test.run();
