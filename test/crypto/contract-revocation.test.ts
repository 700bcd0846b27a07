/**
 * Contract chains' revocation against real responders (Debian's `openssl ocsp`, one per MO CA, started here on
 * loopback ports and stopped after): a good chain, a revoked contract (revoked in MO Sub-CA 2's CA database while its
 * responder runs), one the responder does not know, a responder that never answers (both policies), an abort.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkContractRevocation } from '../../crypto/backend/index.js';
import { issueRole, type Issued } from '../../crypto/index.js';
import { respondingLab, type RespondingLab } from './contract-pki-fixtures.js';
import { opensslAbsent } from './ocsp-fixtures.js';

const folder = mkdtempSync(join(tmpdir(), 'kopher-contract-ocsp-'));
const now = new Date();
let world: RespondingLab;
let silent: Server;
let silentUrl: string;

test.before(async () => {
  // A responder that accepts the request and never answers.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  if (opensslAbsent) return;
  world = await respondingLab(folder, 'iso2', now);
});

test.after(async () => {
  silent.closeAllConnections();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await world?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const skipped = (): boolean => {
  if (opensslAbsent) console.log(`NOTICE: contract revocation tests skipped: ${opensslAbsent}`);
  return opensslAbsent !== undefined;
};
const chainWith = (leaf: Issued | Uint8Array): Uint8Array[] => {
  const c = world.lab.certificates;
  return [leaf instanceof Uint8Array ? leaf : leaf.certificate.der, c.moSubCa2.der, c.moSubCa1.der];
};
const roots = (): Uint8Array[] => [world.lab.certificates.moRootCa.der];

test('a good chain: every certificate asked of its issuer\'s responder, all good', async () => {
  if (skipped()) return;
  const verdict = await checkContractRevocation(chainWith(world.lab.certificates.contractLeaf.der), roots(), { now });
  assert.ok(verdict.ok, JSON.stringify(verdict));
  assert.equal(verdict.certificates.map((c) => c.status), ['good', 'good', 'good']);
  assert.match(verdict.certificates[0]!.subject, /CN=DEKPHC000000001/);
});

test('a contract revoked in the CA database: FAILED_CertificateRevoked with time and reason', async () => {
  if (skipped()) return;
  const before = await checkContractRevocation(chainWith(world.revocable), roots(), { now });
  assert.ok(before.ok, 'good until revoked');
  await world.revoke(world.revocable);
  const after = await checkContractRevocation(chainWith(world.revocable), roots(), { now });
  assert.ok(!after.ok);
  assert.is(after.code, 'FAILED_CertificateRevoked');
  assert.match(after.reason, /CN=DEKPHC000000002.* is revoked \(.*keyCompromise\)/);
  assert.equal(after.certificates.map((c) => c.status), ['revoked', 'good', 'good']);
});

test('a contract its CA\'s responder does not know: FAILED_CertChainError', async () => {
  if (skipped()) return;
  const verdict = await checkContractRevocation(chainWith(world.unrecorded), roots(), { now });
  assert.ok(!verdict.ok);
  assert.equal([verdict.code, verdict.certificates[0]!.status], ['FAILED_CertChainError', 'unknown']);
});

test('a responder that does not answer within the bound: refused by default, let through under "accept"', async () => {
  if (skipped()) return;
  const leaf = await issueRole('contractLeaf', { commonName: 'DEKPHC000000004', keyAlgorithm: 'P-256', now, issuer: world.moSubCa2, ocspUrl: silentUrl });
  const started = Date.now();
  const refused = await checkContractRevocation(chainWith(leaf), roots(), { now, timeoutMs: 300 });
  assert.ok(Date.now() - started < 10_000, 'bounded');
  assert.ok(!refused.ok);
  assert.is(refused.code, 'FAILED_CertChainError');
  assert.match(refused.reason, /open: .*no complete response within 300 ms/);
  const accepted = await checkContractRevocation(chainWith(leaf), roots(), { now, timeoutMs: 300, onUnavailable: 'accept' });
  assert.ok(accepted.ok);
  assert.equal(accepted.certificates.map((c) => c.status), ['unavailable', 'good', 'good']);
});

test('a certificate that names no responder passes unchecked, unless the policy says otherwise; an untrusted root leaves the status open', async () => {
  if (skipped()) return;
  const leaf = await issueRole('contractLeaf', { commonName: 'DEKPHC000000005', keyAlgorithm: 'P-256', now, issuer: world.moSubCa2 });
  const unchecked = await checkContractRevocation(chainWith(leaf), roots(), { now });
  assert.ok(unchecked.ok);
  assert.equal(unchecked.certificates.map((c) => c.status), ['unchecked', 'good', 'good']);
  const strict = await checkContractRevocation(chainWith(leaf), roots(), { now, withoutResponder: 'reject' });
  assert.ok(!strict.ok && strict.code === 'FAILED_CertChainError' && /names no OCSP responder/.test(strict.reason));
  const untrusted = await checkContractRevocation(chainWith(world.lab.certificates.contractLeaf.der), [], { now });
  assert.ok(!untrusted.ok);
  assert.match(untrusted.certificates[2]!.detail!, /issuer is neither in the chain nor a trusted root/);
});

test('an abort ends the wait with the signal\'s reason', async () => {
  if (skipped()) return;
  const leaf = await issueRole('contractLeaf', { commonName: 'DEKPHC000000006', keyAlgorithm: 'P-256', now, issuer: world.moSubCa2, ocspUrl: silentUrl });
  const controller = new AbortController();
  const pending = checkContractRevocation(chainWith(leaf), roots(), { now, timeoutMs: 5_000, signal: controller.signal });
  setTimeout(() => controller.abort(new Error('session over')), 50);
  await pending.then(
    () => assert.unreachable('resolved after the abort'),
    (e: unknown) => assert.is((e as Error).message, 'session over'),
  );
});

test.run();
