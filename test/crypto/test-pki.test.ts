/**
 * The ISO 15118-2 test PKI (the V2G root → CPO Sub-CA 1 → Sub-CA 2 → SECC leaf chain and its DC=CPO rule,
 * [V2G2-925]): the chain verifies link by link, each certificate carries its profile's names and critical extensions,
 * and the PKI survives a round trip through its folder.
 */
import { X509Certificate } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BitString, fromBER } from 'asn1js';
import { BasicConstraints, Certificate } from 'pkijs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_EVSE_ID,
  defaultTestPkiDir,
  ensurePrivateFolder,
  generateTestPki,
  generateUnrelatedPki,
  loadOrCreateTestPki,
  loadTestPki,
  pemToDer,
  PkiError,
  saveTestPki,
  seccTlsCredentials,
  type TestPki,
} from '../../crypto/index.js';

const now = new Date('2030-06-01T12:00:00Z');
const pkiPromise = generateTestPki({ evseId: 'DE*KPH*E4711', now });
const x509 = (der: Uint8Array): X509Certificate => new X509Certificate(der);

function extensionOf(der: Uint8Array, oid: string): { critical: boolean; value: Uint8Array } {
  const certificate = Certificate.fromBER(new Uint8Array(der));
  const extension = certificate.extensions?.find((e) => e.extnID === oid);
  if (!extension) throw new Error(`extension ${oid} absent`);
  return { critical: extension.critical, value: extension.extnValue.valueBlock.valueHexView };
}

function basicConstraints(der: Uint8Array): { critical: boolean; ca: boolean; pathLen: number | undefined } {
  const { critical, value } = extensionOf(der, '2.5.29.19');
  const parsed = BasicConstraints.fromBER(new Uint8Array(value));
  return { critical, ca: parsed.cA, pathLen: parsed.pathLenConstraint === undefined ? undefined : Number(parsed.pathLenConstraint) };
}

const KEY_USAGE_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];

function keyUsage(der: Uint8Array): { critical: boolean; usages: string[] } {
  const { critical, value } = extensionOf(der, '2.5.29.15');
  const bits = fromBER(value).result as BitString;
  const bytes = bits.valueBlock.valueHexView;
  return { critical, usages: KEY_USAGE_NAMES.filter((_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0) };
}

const subjectField = (der: Uint8Array, field: string): string | undefined =>
  x509(der).subject.split('\n').find((line) => line.startsWith(`${field}=`))?.slice(field.length + 1);

test('each link of root -> Sub-CA 1 -> Sub-CA 2 -> SECC leaf is issued and signed by the one above', async () => {
  const pki = await pkiPromise;
  const chain = [pki.v2gRootCa, pki.cpoSubCa1, pki.cpoSubCa2, pki.seccLeaf].map((c) => x509(c.der));
  assert.ok(chain[0]!.verify(chain[0]!.publicKey), 'root is self-signed');
  for (let i = 1; i < chain.length; i++) {
    assert.ok(chain[i]!.checkIssued(chain[i - 1]!), `link ${i} names its issuer`);
    assert.ok(chain[i]!.verify(chain[i - 1]!.publicKey), `link ${i} is signed by its issuer`);
    assert.not.ok(chain[i]!.verify(chain[i]!.publicKey), `link ${i} is not self-signed`);
  }
});

test('profiles: basicConstraints CA/pathLen and keyUsage, both critical; DC per role; SECC leaf CN is the SECCID', async () => {
  const pki = await pkiPromise;
  assert.equal(basicConstraints(pki.v2gRootCa.der), { critical: true, ca: true, pathLen: undefined });
  assert.equal(basicConstraints(pki.cpoSubCa1.der), { critical: true, ca: true, pathLen: 1 });
  assert.equal(basicConstraints(pki.cpoSubCa2.der), { critical: true, ca: true, pathLen: 0 });
  assert.equal(basicConstraints(pki.seccLeaf.der), { critical: true, ca: false, pathLen: undefined });
  for (const ca of [pki.v2gRootCa, pki.cpoSubCa1, pki.cpoSubCa2]) {
    assert.equal(keyUsage(ca.der), { critical: true, usages: ['keyCertSign', 'cRLSign'] });
    assert.is(subjectField(ca.der, 'DC'), 'V2G');
  }
  assert.equal(keyUsage(pki.seccLeaf.der), { critical: true, usages: ['digitalSignature', 'keyAgreement'] });
  assert.is(subjectField(pki.seccLeaf.der, 'DC'), 'CPO');
  assert.is(subjectField(pki.seccLeaf.der, 'CN'), 'DE*KPH*E4711');
  assert.is(x509(pki.seccLeaf.der).ca, false);
});

test('every certificate: P-256 key, ecdsa-with-SHA256, SKI, AKI below the root, DER within the 800 bytes of -2 messages', async () => {
  const pki = await pkiPromise;
  for (const [role, issued] of Object.entries(pki)) {
    const certificate = x509(issued.der);
    assert.is(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1', role);
    assert.is(Certificate.fromBER(issued.der).signatureAlgorithm.algorithmId, '1.2.840.10045.4.3.2', role);
    assert.is(extensionOf(issued.der, '2.5.29.14').value.length, 22, `${role} SKI: OCTET STRING of a SHA-1`);
    assert.ok(issued.der.length <= 800, `${role} is ${issued.der.length} bytes`);
    assert.equal(pemToDer('CERTIFICATE', issued.pem), issued.der, `${role} PEM and DER agree`);
  }
  assert.throws(() => extensionOf(pki.v2gRootCa.der, '2.5.29.35'), /absent/);
  assert.ok(extensionOf(pki.seccLeaf.der, '2.5.29.35'));
});

test('validity: from `now` (backdated 1 h) for 60 days (leaf), 365 (Sub-CA 2), 1460 (Sub-CA 1), 3650 (root)', async () => {
  const pki = await pkiPromise;
  const days = (c: X509Certificate): number => (Date.parse(c.validTo) - now.getTime()) / 86_400_000;
  assert.is(Date.parse(x509(pki.seccLeaf.der).validFrom), now.getTime() - 3_600_000);
  assert.is(days(x509(pki.seccLeaf.der)), 60);
  assert.is(days(x509(pki.cpoSubCa2.der)), 365);
  assert.is(days(x509(pki.cpoSubCa1.der)), 1460);
  assert.is(days(x509(pki.v2gRootCa.der)), 3650);
});

test('an unrelated PKI shares nothing with the test PKI: its leaf does not chain to the test root', async () => {
  const [pki, unrelated] = await Promise.all([pkiPromise, generateUnrelatedPki({ now })]);
  const leaf = x509(unrelated.seccLeaf.der);
  assert.ok(leaf.verify(x509(unrelated.v2gRootCa.der).publicKey));
  assert.not.ok(leaf.verify(x509(pki.v2gRootCa.der).publicKey));
  assert.not.ok(leaf.checkIssued(x509(pki.cpoSubCa2.der)));
  assert.equal(seccTlsCredentials(unrelated).certChain, [unrelated.seccLeaf.pem]);
  assert.equal(seccTlsCredentials(pki).certChain, [pki.seccLeaf.pem, pki.cpoSubCa2.pem, pki.cpoSubCa1.pem]);
});

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-pki-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const sameDer = (a: TestPki, b: TestPki): boolean => (['v2gRootCa', 'cpoSubCa1', 'cpoSubCa2', 'seccLeaf'] as const).every((r) => Buffer.compare(a[r].der, b[r].der) === 0);

test('save then load gives the same PKI; private keys are mode 0600', () =>
  withDir(async (dir) => {
    const pki = await pkiPromise;
    await saveTestPki(pki, dir);
    assert.is((await stat(join(dir, 'SECCCert.key'))).mode & 0o777, 0o600);
    assert.is((await stat(join(dir, 'V2GRootCA.key'))).mode & 0o777, 0o600);
    const loaded = await loadTestPki(dir);
    assert.ok(sameDer(pki, loaded));
    assert.is(loaded.seccLeaf.privateKeyPem, pki.seccLeaf.privateKeyPem);
  }));

test('loadOrCreateTestPki: creates when absent, reuses while valid, regenerates once a certificate has expired', () =>
  withDir(async (dir) => {
    const created = await loadOrCreateTestPki(dir, { now });
    assert.is(subjectField(created.seccLeaf.der, 'CN'), DEFAULT_EVSE_ID);
    const reused = await loadOrCreateTestPki(dir, { now: new Date(now.getTime() + 59 * 86_400_000) });
    assert.ok(sameDer(created, reused));
    const renewed = await loadOrCreateTestPki(dir, { now: new Date(now.getTime() + 61 * 86_400_000) });
    assert.not.ok(sameDer(created, renewed));
    assert.ok(sameDer(renewed, await loadTestPki(dir)));
  }));

test('a malformed file is a PkiError naming it, and loadOrCreateTestPki does not overwrite it', () =>
  withDir(async (dir) => {
    await saveTestPki(await pkiPromise, dir);
    const leafPath = join(dir, 'SECCCert.pem');
    await writeFile(leafPath, 'not a certificate');
    for (const load of [() => loadTestPki(dir), () => loadOrCreateTestPki(dir, { now })]) {
      try {
        await load();
        assert.unreachable('a malformed certificate file must be refused');
      } catch (e) {
        assert.instance(e, PkiError);
        assert.is((e as PkiError).subject, leafPath);
      }
    }
    assert.is(await readFile(leafPath, 'utf8'), 'not a certificate');
  }));

test('the default PKI folder is per user: under XDG_RUNTIME_DIR, else kopher-v2g-<uid> in the temporary folder', () => {
  assert.is(defaultTestPkiDir({ XDG_RUNTIME_DIR: '/run/user/1000' }), '/run/user/1000/kopher-v2g/test-pki');
  assert.is(defaultTestPkiDir({}), join(tmpdir(), `kopher-v2g-${process.getuid?.() ?? 'user'}`, 'test-pki'));
});

test('a PKI folder is made 0700; one that group or others may enter, or a symbolic link, is a PkiError naming it', () =>
  withDir(async (dir) => {
    const fresh = join(dir, 'a', 'test-pki');
    await ensurePrivateFolder(fresh);
    assert.is((await stat(fresh)).mode & 0o777, 0o700);
    await chmod(fresh, 0o755);
    for (const load of [() => loadTestPki(fresh), () => loadOrCreateTestPki(fresh, { now }), () => saveTestPki(undefined as unknown as TestPki, fresh)]) {
      try {
        await load();
        assert.unreachable('a folder others may enter must be refused');
      } catch (e) {
        assert.instance(e, PkiError);
        assert.equal([(e as PkiError).subject, /mode 755/.test((e as PkiError).reason)], [fresh, true]);
      }
    }
    const { symlink } = await import('node:fs/promises');
    await chmod(fresh, 0o700);
    await symlink(fresh, join(dir, 'link'));
    await ensurePrivateFolder(join(dir, 'link')).then(
      () => assert.unreachable('a symbolic link must be refused'),
      (e: unknown) => assert.ok(e instanceof PkiError && /not a folder/.test(e.reason)),
    );
  }));

test("a PKI folder owned by another user is refused (as root: the folder is given to nobody)", () =>
  withDir(async (dir) => {
    if (process.getuid?.() !== 0) return void console.log('NOTICE: not root, so no folder of another user can be made; the ownership refusal is not exercised.');
    const theirs = join(dir, 'theirs');
    await mkdir(theirs, { mode: 0o700 });
    await chown(theirs, 65534, 65534);
    await loadOrCreateTestPki(theirs, { now }).then(
      () => assert.unreachable('a folder of another user must be refused'),
      (e: unknown) => assert.ok(e instanceof PkiError && e.subject === theirs && /owned by uid 65534/.test(e.reason), String(e)),
    );
  }));

test('two processes creating the PKI at once leave one whole PKI on disk, never a mix', () =>
  withDir(async (dir) => {
    const target = join(dir, 'test-pki');
    await Promise.all([loadOrCreateTestPki(target, { now }), loadOrCreateTestPki(target, { now }), loadOrCreateTestPki(target, { now })]);
    const onDisk = await loadTestPki(target);
    const chain = [onDisk.v2gRootCa, onDisk.cpoSubCa1, onDisk.cpoSubCa2, onDisk.seccLeaf].map((c) => x509(c.der));
    for (let i = 1; i < chain.length; i++) assert.ok(chain[i].verify(chain[i - 1].publicKey), `link ${i} is signed by its issuer`);
  }));

test('PEM: two blocks where one is expected, and no block at all, are PkiErrors', async () => {
  const pki = await pkiPromise;
  assert.throws(() => pemToDer('CERTIFICATE', pki.v2gRootCa.pem + pki.cpoSubCa1.pem), (e: unknown) => e instanceof PkiError && /2 "CERTIFICATE"/.test(e.reason));
  assert.throws(() => pemToDer('CERTIFICATE', pki.seccLeaf.privateKeyPem, 'key.pem'), (e: unknown) => e instanceof PkiError && e.subject === 'key.pem');
});

test.run();
