/**
 * `kopher-v2g pki`: init writes a whole -20 lab PKI and lists the files without printing a key; show names each
 * certificate's role and standard and exits 0 when valid, 1 when not (or when the file holds no certificate), 2 on
 * a usage error; --json prints one line per certificate.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pemToDer } from '../../crypto/index.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
/** Generous: on a busy host a node start takes seconds. */
const LIMIT_MS = 60_000;

function kopher(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: LIMIT_MS }, (error, stdout, stderr) => {
      if (error?.killed) reject(new Error(`kopher-v2g ${args.join(' ')} did not finish within ${LIMIT_MS / 1000} s`));
      else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const root = await mkdtemp(join(tmpdir(), 'kopher-pki-cli-'));
const dir = join(root, 'lab');
const init = await kopher(['pki', 'init', dir, '--profile', 'iso20', '--emaid', 'DE-KPH-C12345678-9', '--ocsp-url', 'http://127.0.0.1:9999/{ca}']);

test('pki init --profile iso20 writes 27 certificates, keys 0600, and never prints a key', async () => {
  assert.is(init.status, 0, init.stderr);
  assert.match(init.stdout, /^ISO 15118-20 test PKI \(P-521\): 27 certificates in .*, private keys mode 0600$/m);
  assert.match(init.stdout, /VehicleCert\.pem +vehicle TLS leaf \(OEM\)$/m);
  assert.not.match(init.stdout + init.stderr, /PRIVATE KEY|MI[A-Za-z0-9+/]{40}/);
  assert.is((await stat(join(dir, 'ContractCert.key'))).mode & 0o777, 0o600);
  assert.is((await stat(dir)).mode & 0o777, 0o700);
});

test('pki show: role and standard of a valid certificate, its OCSP URL, exit 0', async () => {
  const run = await kopher(['pki', 'show', join(dir, 'ContractCert.pem')]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /ContractCert\.pem: contract leaf, ISO 15118-20: valid\n/);
  assert.match(run.stdout, /subject +CN=DE-KPH-C12345678-9, O=KopherV2G Test PKI, C=DE, DC=MO/);
  assert.match(run.stdout, /ocsp +http:\/\/127\.0\.0\.1:9999\/MOSubCA2/);
});

test('pki show of a DER file and of a chain; --at after the leaf expires: INVALID, exit 1', async () => {
  const der = join(root, 'secc.der');
  await writeFile(der, pemToDer('CERTIFICATE', await readFile(join(dir, 'SECCCert.pem'), 'utf8')));
  const fromDer = await kopher(['pki', 'show', der]);
  assert.is(fromDer.status, 0, fromDer.stderr);
  assert.match(fromDer.stdout, /secc\.der: SECC leaf, ISO 15118-20: valid/);
  const later = new Date(Date.now() + 90 * 86_400_000).toISOString();
  const chain = await kopher(['pki', 'show', join(dir, 'SECCChain.pem'), '--at', later]);
  assert.is(chain.status, 1);
  assert.match(chain.stdout, /SECCChain\.pem#1: SECC leaf, ISO 15118-20: INVALID\n[^]*problem +expired on /);
  assert.match(chain.stdout, /SECCChain\.pem#3: CPO Sub-CA 1, ISO 15118-20: valid/);
});

test('pki show --json: one line per certificate; --profile iso2 on a -20 certificate names the mismatch', async () => {
  const run = await kopher(['pki', 'show', join(dir, 'VehicleChain.pem'), '--json', '--profile', 'iso2']);
  assert.is(run.status, 1);
  const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { role: string; valid: boolean; problems: string[] });
  assert.equal(lines.map((l) => l.role), ['oemProvisioningLeaf', 'oemSubCa2', 'oemSubCa1']);
  assert.ok(lines.every((l) => !l.valid && l.problems.some((p) => /key is P-521; ISO 15118-2 uses P-256/.test(p))));
});

test('pki show of a key file or of garbage: one line naming the file, exit 1, the key not echoed', async () => {
  const key = await kopher(['pki', 'show', join(dir, 'SECCCert.key')]);
  assert.equal([key.status, key.stdout], [1, '']);
  assert.match(key.stderr, /^kopher-v2g pki show: .*SECCCert\.key: no "CERTIFICATE" PEM block\n$/);
  const garbage = join(root, 'garbage.der');
  await writeFile(garbage, Uint8Array.of(0x30, 0x03, 1, 2, 3));
  const bad = await kopher(['pki', 'show', garbage]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /garbage\.der: not an X\.509 certificate/);
});

test('usage errors exit 2: unknown action, missing folder, a key the profile does not use, a folder that holds a PKI is 1', async () => {
  const runs = await Promise.all([
    kopher(['pki', 'frob']),
    kopher(['pki', 'init']),
    kopher(['pki', 'init', join(root, 'other'), '--key', 'ed448']),
    kopher(['pki', 'show', 'x.pem', '--emaid', 'X']),
  ]);
  for (const run of runs) assert.is(run.status, 2, run.stderr);
  assert.match(runs[2]!.stderr, /--key ed448: iso2 takes p256/);
  const again = await kopher(['pki', 'init', dir]);
  assert.is(again.status, 1);
  assert.match(again.stderr, /already holds/);
});

test.after(() => rm(root, { recursive: true, force: true }));

test.run();
