/**
 * The OCSP client against a real responder, Debian's `openssl ocsp`, started here on a loopback port: a good, a
 * revoked and an unknown certificate; a response signed by the CA itself (ResponderID byKey) and by a delegated
 * responder (byName); and responses the client must refuse (signed with the wrong key, by a responder of another CA,
 * by one without id-kp-OCSPSigning, stale, tampered, malformed, too large, too slow).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildOcspRequest, OcspError, queryOcsp, verifyOcspResponse, type OcspQuery } from '../../crypto/ocsp/index.js';
import { issue, newSerial, opensslAbsent, startResponder, type FixtureCertificate, type IndexEntry, type Responder } from './ocsp-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-ocsp-'));
const responders: Responder[] = [];
const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);

interface World {
  ca: FixtureCertificate;
  good: FixtureCertificate;
  revoked: FixtureCertificate;
  unknown: FixtureCertificate;
  withoutAia: FixtureCertificate;
  delegated: Responder;
  caSigned: Responder;
  impostor: Responder;
  foreign: Responder;
  withoutEku: Responder;
}

let world: World;

test.before(async () => {
  if (opensslAbsent) return;
  const ca = await issue({ commonName: 'OCSP Test Root', ca: true });
  const goodSerial = newSerial();
  const revokedSerial = newSerial();
  const hex = (s: Uint8Array): string => Buffer.from(s).toString('hex').toUpperCase();
  const index: IndexEntry[] = [{ serialHex: hex(goodSerial) }, { serialHex: hex(revokedSerial), revoked: { at: revokedAt, reason: 'keyCompromise' } }];
  const start = async (name: string, signer: FixtureCertificate, byKey = false): Promise<Responder> => {
    const responder = await startResponder(folder, name, { ca, signer, index, byKey });
    responders.push(responder);
    return responder;
  };
  const delegatedSigner = await issue({ commonName: 'OCSP Signer', issuer: ca, ocspSigner: true });
  const delegated = await start('delegated', delegatedSigner);
  const caSigned = await start('ca-signed', ca, true);
  // Self-signed with the CA's very name but its own key: what a forged response would be signed with.
  const impostorCa = await issue({ commonName: 'OCSP Test Root', ca: true });
  const impostor = await start('impostor', impostorCa);
  const otherCa = await issue({ commonName: 'Other Root', ca: true });
  const foreign = await start('foreign', await issue({ commonName: 'Other OCSP Signer', issuer: otherCa, ocspSigner: true }));
  const withoutEku = await start('without-eku', await issue({ commonName: 'Not an OCSP Signer', issuer: ca }));
  // The leaves are issued once the responder's port is known, to name it in their authorityInfoAccess.
  const ocspUrl = delegated.url;
  world = {
    ca,
    good: await issue({ commonName: 'Good Leaf', issuer: ca, serial: goodSerial, ocspUrl }),
    revoked: await issue({ commonName: 'Revoked Leaf', issuer: ca, serial: revokedSerial, ocspUrl }),
    unknown: await issue({ commonName: 'Unknown Leaf', issuer: ca, ocspUrl }),
    withoutAia: await issue({ commonName: 'Leaf Without AIA', issuer: ca, serial: goodSerial }),
    delegated,
    caSigned,
    impostor,
    foreign,
    withoutEku,
  };
});

test.after(async () => {
  await Promise.all(responders.map((r) => r.stop()));
  rmSync(folder, { recursive: true, force: true });
});

const skipped = (what: string): boolean => {
  if (opensslAbsent) console.log(`NOTICE: ${what} skipped: ${opensslAbsent}`);
  return opensslAbsent !== undefined;
};

const query = (leaf: FixtureCertificate, extra: Partial<OcspQuery> = {}): OcspQuery => ({ certificate: leaf.der, issuer: world.ca.der, timeoutMs: 10_000, ...extra });

async function ocspError(promise: Promise<unknown>): Promise<OcspError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OcspError) return error;
    throw error;
  }
  throw new Error('no OcspError was raised');
}

test('good: the responder named in the certificate\'s AIA, a delegated signer, thisUpdate/nextUpdate', async () => {
  if (skipped('OCSP good')) return;
  const result = await queryOcsp(query(world.good));
  assert.is(result.status, 'good');
  assert.is(result.url, world.delegated.url, 'the AIA URL was used');
  assert.is(result.signedBy, 'delegated responder');
  assert.match(result.responder, 'CN=OCSP Signer');
  assert.ok(result.nextUpdate, 'openssl -nmin sets nextUpdate');
  assert.is(result.nextUpdate!.getTime() - result.thisUpdate.getTime(), 5 * 60_000);
  assert.equal(result.validUntil, result.nextUpdate);
  assert.ok(Math.abs(result.thisUpdate.getTime() - Date.now()) < 120_000, 'thisUpdate is now');
});

test('revoked: revocation time and reason from the index', async () => {
  if (skipped('OCSP revoked')) return;
  const result = await queryOcsp(query(world.revoked));
  assert.is(result.status, 'revoked');
  assert.is(result.revocationReason, 'keyCompromise');
  assert.equal(result.revocationTime, revokedAt);
});

test('unknown: a certificate of the CA the responder has no record of', async () => {
  if (skipped('OCSP unknown')) return;
  assert.is((await queryOcsp(query(world.unknown))).status, 'unknown');
});

test('signed by the CA itself with ResponderID byKey; a nonce is echoed and checked', async () => {
  if (skipped('OCSP CA-signed')) return;
  const result = await queryOcsp(query(world.good, { url: world.caSigned.url, nonceBytes: 32, certIdHash: 'SHA-256' }));
  assert.is(result.status, 'good');
  assert.is(result.signedBy, 'issuer');
  assert.match(result.responder, 'CN=OCSP Test Root');
});

test('a response signed with another key under the CA\'s name is refused', async () => {
  if (skipped('OCSP wrong key')) return;
  const error = await ocspError(queryOcsp(query(world.good, { url: world.impostor.url })));
  assert.is(error.where, 'BasicOCSPResponse.signature');
  assert.match(error.reason, 'does not verify with the key of CN=OCSP Test Root');
});

test('a delegated signer of another CA, and one without id-kp-OCSPSigning, are refused', async () => {
  if (skipped('OCSP delegation')) return;
  const foreign = await ocspError(queryOcsp(query(world.good, { url: world.foreign.url })));
  assert.match(foreign.where, 'BasicOCSPResponse.certs (CN=Other OCSP Signer');
  assert.match(foreign.reason, 'not issued by the certificate\'s issuer');
  const withoutEku = await ocspError(queryOcsp(query(world.good, { url: world.withoutEku.url })));
  assert.match(withoutEku.reason, 'lacks extendedKeyUsage id-kp-OCSPSigning');
});

test('freshness: a response past nextUpdate or from the future is refused', async () => {
  if (skipped('OCSP freshness')) return;
  const stale = await ocspError(queryOcsp(query(world.good, { now: new Date(Date.now() + 3_600_000) })));
  assert.is(stale.where, 'SingleResponse.nextUpdate');
  assert.match(stale.reason, 'stale');
  const early = await ocspError(queryOcsp(query(world.good, { now: new Date(Date.now() - 3_600_000) })));
  assert.is(early.where, 'SingleResponse.thisUpdate');
  assert.match(early.reason, 'in the future');
});

test('a tampered response fails its signature; one for another certificate has no SingleResponse for ours', async () => {
  if (skipped('OCSP tampering')) return;
  const { der } = await queryOcsp(query(world.good));
  const issuer = world.ca.der;
  const { certId } = buildOcspRequest(world.good.der, issuer);
  // The GeneralizedTime producedAt is near the start of ResponseData; a changed digit keeps the DER valid.
  const tampered = new Uint8Array(der);
  const at = Buffer.from(tampered).indexOf(Buffer.from(String(new Date().getUTCFullYear())));
  tampered[at + 3] = tampered[at + 3] === 0x39 ? 0x38 : tampered[at + 3]! + 1;
  assert.throws(() => verifyOcspResponse(tampered, { certId, issuer }), (e: unknown) => e instanceof OcspError && e.where === 'BasicOCSPResponse.signature');
  const other = buildOcspRequest(world.unknown.der, issuer);
  assert.throws(() => verifyOcspResponse(der, { certId: other.certId, issuer }), (e: unknown) => e instanceof OcspError && e.where === 'ResponseData.responses');
});

test('a certificate without AIA needs a URL', async () => {
  if (skipped('OCSP without AIA')) return;
  const error = await ocspError(queryOcsp(query(world.withoutAia)));
  assert.is(error.where, 'authorityInfoAccess');
  assert.is((await queryOcsp(query(world.withoutAia, { url: world.delegated.url }))).status, 'good');
});

/** A loopback HTTP server answering every request with `answer`. */
async function fakeResponder(answer: (respond: import('node:http').ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const MALFORMED: readonly { what: string; answer: (r: import('node:http').ServerResponse) => void; where: string | RegExp; reason: string | RegExp }[] = [
  { what: 'not DER', answer: (r) => r.end(Buffer.from('<html>error</html>')), where: 'OCSPResponse', reason: /^not DER/ },
  { what: 'DER of another structure', answer: (r) => r.end(Buffer.from('3003020100', 'hex')), where: 'OCSPResponse', reason: /schema/ },
  { what: 'bytes after the response', answer: (r) => r.end(Buffer.from('30030a0106ff', 'hex')), where: 'OCSPResponse', reason: '1 bytes after the structure' },
  { what: 'responseStatus unauthorized', answer: (r) => r.end(Buffer.from('30030a0106', 'hex')), where: 'OCSPResponse.responseStatus', reason: 'unauthorized (6)' },
  { what: 'responseStatus tryLater', answer: (r) => r.end(Buffer.from('30030a0103', 'hex')), where: 'OCSPResponse.responseStatus', reason: 'tryLater (3)' },
  { what: 'HTTP 500', answer: (r) => { r.statusCode = 500; r.end(); }, where: /^HTTP POST/, reason: 'HTTP status 500' },
  {
    what: 'a Content-Length over the limit',
    answer: (r) => { r.setHeader('Content-Length', 1 << 20); r.write(Buffer.alloc(1024)); },
    where: /^HTTP POST/,
    reason: 'Content-Length 1048576 exceeds the limit of 4096 bytes',
  },
  {
    what: 'a chunked body over the limit',
    answer: (r) => { for (let i = 0; i < 8; i++) r.write(Buffer.alloc(1024)); r.end(); },
    where: /^HTTP POST/,
    reason: 'response longer than the limit of 4096 bytes',
  },
  { what: 'no answer', answer: () => undefined, where: /^HTTP POST/, reason: 'no complete response within 300 ms' },
];

for (const { what, answer, where, reason } of MALFORMED) {
  test(`refused with a typed error: ${what}`, async () => {
    if (skipped(`OCSP ${what}`)) return;
    const responder = await fakeResponder(answer);
    try {
      const error = await ocspError(queryOcsp(query(world.good, { url: responder.url, maxResponseBytes: 4096, timeoutMs: 300 })));
      typeof where === 'string' ? assert.is(error.where, where) : assert.match(error.where, where);
      assert.match(error.reason, reason);
    } finally {
      await responder.close();
    }
  });
}

test('the responders answered and stop when asked', async () => {
  if (skipped('OCSP responder lifecycle')) return;
  assert.ok(world.delegated.requests() >= 5, `the delegated responder saw ${world.delegated.requests()} requests`);
  await world.delegated.stop();
  const error = await ocspError(queryOcsp(query(world.good)));
  assert.match(error.where, /^HTTP POST/, 'nothing listens any more');
});

test.run();
