/**
 * OCSP stapling of the SECC's own leaf: an OcspStapler fetches the leaf's status from a real responder (`openssl
 * ocsp`, signing as the leaf's issuer CPO Sub-CA 2), the SECC's TLS server (transport/tls.ts) staples it for a client
 * that asks (`requestOCSP`), in TLS 1.2 and 1.3; it is refreshed halfway through its validity on the stapler's clock,
 * and once the responder is gone and the response has expired, nothing is stapled.
 */
import { X509Certificate } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimulatedClock } from 'xstate';
import { generateTestPki, seccTlsCredentials } from '../../crypto/index.js';
import { buildOcspRequest, OcspError, OcspStapler, verifyOcspResponse, type OcspResult } from '../../crypto/ocsp/index.js';
import { listenTls, type TlsServer, type TlsVersion } from '../../transport/tls.js';
import { within } from '../shared/async.js';
import { opensslAbsent, stapledTo, startResponder, type Responder } from './ocsp-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-ocsp-staple-'));
const pki = await generateTestPki();
const clock = new SimulatedClock();
clock.set(Date.now());
const staples: OcspResult[] = [];
const errors: OcspError[] = [];
/** 'staple' and 'error' as the stapler reports them, to wait for a refresh without polling. */
const reports = new EventEmitter();
let responder: Responder | undefined;
let stapler: OcspStapler | undefined;

test.before(async () => {
  if (opensslAbsent) return;
  const serialHex = new X509Certificate(pki.seccLeaf.der).serialNumber.toUpperCase();
  const subCa2 = { pem: pki.cpoSubCa2.pem, keyPem: pki.cpoSubCa2.privateKeyPem };
  responder = await startResponder(folder, 'secc', { ca: subCa2, signer: subCa2, index: [{ serialHex }], nextUpdateMinutes: 10 });
  stapler = new OcspStapler({
    certificate: pki.seccLeaf.der,
    issuer: pki.cpoSubCa2.der,
    url: responder.url,
    clock,
    retryMs: 30_000,
    onStaple: (result) => reports.emit('staple', staples.push(result)),
    onError: (error) => reports.emit('failure', errors.push(error)),
  });
  await stapler.start();
});

test.after(async () => {
  stapler?.stop();
  await responder?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const skipped = (what: string): boolean => {
  if (opensslAbsent) console.log(`NOTICE: ${what} skipped: ${opensslAbsent}`);
  return opensslAbsent !== undefined;
};

/** A client handshake with the SECC; what it was stapled (ocsp-fixtures' stapledTo). */
const handshake = (server: TlsServer, version: TlsVersion, requestOCSP: boolean): Promise<Buffer | null | undefined> =>
  stapledTo(server.address.port, pki.v2gRootCa.pem, version, requestOCSP);

async function withSecc<T>(version: TlsVersion, run: (server: TlsServer) => Promise<T>): Promise<T> {
  const server = await listenTls({ host: '127.0.0.1', version, credentials: seccTlsCredentials(pki), ocspStapling: stapler! });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

test('the stapler fetched and verified the SECC leaf\'s status from its issuer\'s responder', () => {
  if (skipped('OCSP stapler fetch')) return;
  assert.is(staples.length, 1);
  assert.is(staples[0]!.status, 'good');
  assert.is(staples[0]!.signedBy, 'issuer');
  assert.equal(stapler!.current(), staples[0]);
  assert.equal(errors, []);
});

for (const version of ['tls1.2', 'tls1.3'] as const) {
  test(`${version}: a client that asks gets the staple and verifies it; one that does not ask gets none`, async () => {
    if (skipped(`OCSP stapling over ${version}`)) return;
    await withSecc(version, async (server) => {
      const stapled = await handshake(server, version, true);
      assert.ok(stapled, 'a response was stapled');
      assert.equal(new Uint8Array(stapled), stapler!.current()!.der);
      const { certId } = buildOcspRequest(pki.seccLeaf.der, pki.cpoSubCa2.der);
      assert.is(verifyOcspResponse(stapled, { certId, issuer: pki.cpoSubCa2.der, now: new Date(clock.now()) }).status, 'good');
      assert.is(await handshake(server, version, false), undefined);
    });
  });
}

test('the stapler answers only for its own certificate', async () => {
  if (skipped('OCSP stapler certificate match')) return;
  const answer = await new Promise<Buffer | null>((resolve) => stapler!.onOcspRequest(Buffer.from(pki.cpoSubCa2.der), Buffer.from(pki.cpoSubCa1.der), (_e, r) => resolve(r)));
  assert.is(answer, null);
});

test('refreshed halfway through its validity; past it with the responder gone, nothing is stapled', async () => {
  if (skipped('OCSP staple refresh')) return;
  const first = staples[0]!;
  const refreshed = once(reports, 'staple');
  clock.set(first.thisUpdate.getTime() + (first.validUntil.getTime() - first.thisUpdate.getTime()) / 2 + 1_000);
  await within(refreshed, 'the halfway refresh', 10_000);
  assert.is(staples.length, 2, 'a second response was fetched and verified');
  assert.is(staples.at(-1)!.status, 'good');

  await responder!.stop();
  const failed = once(reports, 'failure');
  clock.set(staples.at(-1)!.validUntil.getTime() + 1_000);
  await within(failed, 'the failed refresh', 10_000);
  assert.match(errors[0]!.where, /^HTTP POST/);
  assert.is(stapler!.current(), undefined, 'an expired response is not stapled');
  await withSecc('tls1.3', async (server) => assert.is(await handshake(server, 'tls1.3', true), null));
});

test.run();
