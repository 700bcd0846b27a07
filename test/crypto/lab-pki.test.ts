/**
 * The lab PKI of `pki init`, -2 (P-256) and -20 (P-521, Ed448): every chain verifies link by link, in Node and in
 * OpenSSL's strict verifier; every certificate is the role it was made as and fits that role's profile; each names
 * its issuer's OCSP responder, and a real `openssl ocsp` answers "good" for a contract certificate from the folder
 * saveLabPki wrote. The check finds what is wrong in certificates made wrong on purpose; malformed bytes are a
 * PkiError naming where; an EcdsaSigner issues certificates as a key in memory does.
 */
import { execFile, spawn } from 'node:child_process';
import { generateKeyPair, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chainLinkProblems,
  checkCertificate,
  derToPem,
  generateKeys,
  generateLabPki,
  issueCertificate,
  loadOrCreateTestPki,
  loadTestPki,
  PkiError,
  readCertificate,
  ROLES,
  saveLabPki,
  type CertificateRole,
  type DistinguishedName,
  type IssuedCertificate,
  type KeyAlgorithm,
  type LabPki,
  type PkiProfileName,
} from '../../crypto/index.js';
import { softwareSigner } from '../../crypto/signer.js';

const run = promisify(execFile);
const now = new Date();
const variants: readonly [PkiProfileName, KeyAlgorithm, string, number][] = [
  ['iso2', 'P-256', 'ecdsa-with-SHA256', 800],
  ['iso20', 'P-521', 'ecdsa-with-SHA512', 1600],
  ['iso20', 'Ed448', 'Ed448', 1600],
];
const labs = new Map(await Promise.all(variants.map(async ([profile, key]) => [`${profile}/${key}`, await generateLabPki({ profile, keyAlgorithm: key, now })] as const)));
const lab = (profile: PkiProfileName, key: KeyAlgorithm): LabPki => labs.get(`${profile}/${key}`)!;
const entries = (pki: LabPki): [CertificateRole, IssuedCertificate][] => Object.entries(pki.certificates) as [CertificateRole, IssuedCertificate][];
const openssl = await run('openssl', ['version']).then(() => true, () => (console.log('NOTICE: no openssl on PATH; its verification and OCSP checks are skipped.'), false));

for (const [profile, key, signature, maxBytes] of variants) {
  test(`${profile} ${key}: each certificate is signed by its issuer, is the role it was made as, fits its profile`, () => {
    const pki = lab(profile, key);
    assert.is(pki.certificates.vehicleLeaf !== undefined, profile === 'iso20', 'the vehicle TLS leaf exists in -20 only');
    assert.is(entries(pki).length, profile === 'iso20' ? 27 : 26);
    for (const [role, issued] of entries(pki)) {
      const certificate = new X509Certificate(issued.der);
      const issuerRole = ROLES[role].issuer;
      const issuer = new X509Certificate((issuerRole ? pki.certificates[issuerRole] : issued).der);
      assert.ok(certificate.verify(issuer.publicKey) && certificate.checkIssued(issuer), `${role} is signed by its issuer`);
      const check = checkCertificate(issued.der, role, { now });
      // The OCSP signers of one branch share a profile; which CA issued one, only its issuer name tells (the title).
      const signer = role.endsWith('OcspSigner');
      assert.equal([signer ? check.role?.endsWith('OcspSigner') : check.role, check.profile, check.problems], [signer || role, profile, []], role);
      if (signer) assert.is(check.title, `OCSP signer of ${ROLES[issuerRole!].fileName}`);
      assert.is(check.info.signatureAlgorithm, signature, role);
      assert.is(check.info.key, key, role);
      assert.ok(issued.der.length <= maxBytes, `${role}: ${issued.der.length} bytes`);
    }
    assert.is(readCertificate(pki.certificates.contractLeaf.der, 'contract').commonName, 'DEKPHC000000001');
    assert.is(readCertificate(pki.certificates.oemProvisioningLeaf.der, 'oem').commonName, 'KPHV2G000000000001');
  });
}

test('every certificate but a root names its issuer\'s OCSP responder; OCSP signers are for OCSP signing, unchecked', () => {
  const pki = lab('iso2', 'P-256');
  for (const [role, issued] of entries(pki)) {
    const info = readCertificate(issued.der, role);
    const issuer = ROLES[role].issuer;
    assert.equal(info.ocspUrls, issuer ? [`http://127.0.0.1:8080/${ROLES[issuer].fileName}`] : [], role);
    const signer = role.endsWith('OcspSigner');
    assert.equal([info.extendedKeyUsage, info.ocspNoCheck], signer ? [['ocspSigning'], true] : [undefined, false], role);
  }
});

test('ocspResponderUrl false leaves authorityInfoAccess out; a URL without {ca} is written as given', async () => {
  const [bare, one] = await Promise.all([generateLabPki({ ocspResponderUrl: false }), generateLabPki({ ocspResponderUrl: 'http://[::1]:9000/ocsp' })]);
  assert.equal(readCertificate(bare.certificates.seccLeaf.der, 'leaf').ocspUrls, []);
  assert.equal(readCertificate(one.certificates.contractLeaf.der, 'leaf').ocspUrls, ['http://[::1]:9000/ocsp']);
});

test('an unknown key algorithm for a profile is refused', async () => {
  await generateLabPki({ profile: 'iso2', keyAlgorithm: 'P-521' }).then(
    () => assert.unreachable('P-521 is not a -2 key'),
    (e: unknown) => assert.match(String(e), /ISO 15118-2 certificates use P-256, not P-521/),
  );
});

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kopher-lab-'));
  try {
    await body(join(dir, 'pki'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('saveLabPki: certificates, keys 0600, chains leaf first, CA databases; a folder already holding a PKI is refused', () =>
  withDir(async (dir) => {
    const pki = lab('iso20', 'P-521');
    const written = await saveLabPki(pki, dir);
    assert.is((await stat(dir)).mode & 0o777, 0o700);
    for (const [role, issued] of entries(pki)) {
      const base = join(dir, ROLES[role].fileName);
      assert.is(await readFile(`${base}.pem`, 'utf8'), issued.pem, role);
      assert.is((await stat(`${base}.key`)).mode & 0o777, 0o600, role);
    }
    const chain = await readFile(join(dir, 'VehicleChain.pem'), 'utf8');
    assert.is(chain, pki.certificates.vehicleLeaf!.pem + pki.certificates.oemSubCa2.pem + pki.certificates.oemSubCa1.pem);
    const index = (await readFile(join(dir, 'ocsp', 'MOSubCA2.index.txt'), 'utf8')).trimEnd().split('\n');
    const contract = new X509Certificate(pki.certificates.contractLeaf.der);
    assert.ok(index.some((line) => line.startsWith('V\t') && line.includes(`\t${contract.serialNumber.toUpperCase()}\tunknown\t/CN=DEKPHC000000001/`)), index.join('\n'));
    assert.ok(written.every((f) => f.path.startsWith(dir)));
    await saveLabPki(pki, dir).then(
      () => assert.unreachable('a second PKI must not overwrite the first'),
      (e: unknown) => assert.ok(e instanceof PkiError && e.subject === dir && /already holds/.test(e.reason), String(e)),
    );
  }));

test('an ISO 15118-2 lab folder serves as --pki; once its SECC leaf expires it is named, never replaced by a bare CPO chain', () =>
  withDir(async (dir) => {
    const old = await generateLabPki({ now: new Date(now.getTime() - 90 * 86_400_000), ocspResponderUrl: false });
    await saveLabPki(old, dir);
    assert.equal((await loadTestPki(dir)).seccLeaf.der, old.certificates.seccLeaf.der);
    await loadOrCreateTestPki(dir, { now }).then(
      () => assert.unreachable('an expired lab folder must not be regenerated'),
      (e: unknown) => assert.ok(e instanceof PkiError && e.subject === dir && /holds more than the test PKI/.test(e.reason), String(e)),
    );
    assert.is(await readFile(join(dir, 'ContractCert.pem'), 'utf8'), old.certificates.contractLeaf.pem);
  }));

test('OpenSSL agrees: every leaf chain verifies with -x509_strict to its root', async () => {
  if (!openssl) return;
  for (const [profile, key] of variants) {
    await withDir(async (dir) => {
      const pki = lab(profile, key);
      await saveLabPki(pki, dir);
      const chains: [string, string][] = [['SECCChain', 'V2GRootCA'], ['SAProvisioningChain', 'V2GRootCA'], ['ContractChain', 'MORootCA'], ['OEMProvChain', 'OEMRootCA']];
      if (profile === 'iso20') chains.push(['VehicleChain', 'OEMRootCA']);
      for (const [chain, root] of chains) {
        const pems = (await readFile(join(dir, `${chain}.pem`), 'utf8')).split(/(?<=-----END CERTIFICATE-----\n)/);
        await writeFile(join(dir, 'untrusted.pem'), pems.slice(1).join(''));
        await writeFile(join(dir, 'leaf.pem'), pems[0]!);
        const { stdout } = await run('openssl', ['verify', '-x509_strict', '-CAfile', join(dir, `${root}.pem`), '-untrusted', join(dir, 'untrusted.pem'), join(dir, 'leaf.pem')], { timeout: 10_000 });
        assert.match(stdout, /leaf\.pem: OK/, `${profile} ${key} ${chain}`);
      }
    });
  }
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a real openssl ocsp responder, run from the saved folder with the MO Sub-CA 2 OCSP signer, says the contract is good', () =>
  withDir(async (dir) => {
    if (!openssl) return;
    const port = await freePort();
    const pki = await generateLabPki({ profile: 'iso20', ocspResponderUrl: `http://127.0.0.1:${port}/{ca}` });
    await saveLabPki(pki, dir);
    const at = (name: string): string => join(dir, name);
    const responder = spawn('openssl', ['ocsp', '-port', String(port), '-index', at('ocsp/MOSubCA2.index.txt'), '-CA', at('MOSubCA2.pem'), '-rsigner', at('MOSubCA2OCSPSigner.pem'), '-rkey', at('MOSubCA2OCSPSigner.key'), '-nrequest', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('openssl ocsp did not start within 10 s')), 10_000);
        responder.stderr.on('data', (chunk: Buffer) => /waiting for OCSP client connections/.test(chunk.toString()) && (clearTimeout(timer), resolve()));
        responder.once('exit', (code) => (clearTimeout(timer), reject(new Error(`openssl ocsp exited ${code}`))));
      });
      const url = readCertificate(pki.certificates.contractLeaf.der, 'contract').ocspUrls[0]!;
      await writeFile(at('mo-chain.pem'), pki.certificates.moSubCa2.pem + pki.certificates.moSubCa1.pem);
      const { stdout, stderr } = await run('openssl', ['ocsp', '-issuer', at('MOSubCA2.pem'), '-cert', at('ContractCert.pem'), '-url', url, '-CAfile', at('MORootCA.pem'), '-verify_other', at('mo-chain.pem'), '-timeout', '10'], { timeout: 15_000 });
      assert.match(stderr + stdout, /Response verify OK/);
      assert.match(stdout, /ContractCert\.pem: good/);
    } finally {
      responder.kill();
    }
  }));

const name = (commonName: string, domainComponent: DistinguishedName['domainComponent']): DistinguishedName => ({ commonName, organizationName: 'Test', countryName: 'DE', domainComponent });
const validity = { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + 30 * 86_400_000) };

test('check: expired and not-yet-valid are named with their dates', () => {
  const leaf = lab('iso2', 'P-256').certificates.seccLeaf.der;
  assert.match(checkCertificate(leaf, 'leaf', { now: new Date(now.getTime() + 61 * 86_400_000) }).problems.join('\n'), /^expired on 20/);
  assert.match(checkCertificate(leaf, 'leaf', { now: new Date(now.getTime() - 2 * 3_600_000) }).problems.join('\n'), /^not valid before 20/);
});

test('check: wrong key usage, missing pathLen, a wrong curve, a -20 leaf signed SHA-256, a contract CN that is no eMAID', async () => {
  const root = await generateKeys('P-256');
  const rootName = name('Root', 'V2G');
  const issuer = { name: rootName, keys: root };
  const problems = async (request: Omit<Parameters<typeof issueCertificate>[0], 'notBefore' | 'notAfter' | 'issuer'>, profile?: PkiProfileName): Promise<string> =>
    checkCertificate(await issueCertificate({ ...request, issuer, ...validity }), 'made', { now, ...(profile ? { profile } : {}) }).problems.join('\n');
  const p256 = await generateKeys('P-256');
  assert.match(await problems({ subject: name('DE*KPH*E1', 'CPO'), subjectKeys: p256, basicConstraints: { ca: false }, keyUsage: ['keyCertSign'] }), /keyUsage is keyCertSign; the profile has digitalSignature, keyAgreement/);
  assert.match(await problems({ subject: name('CPOSubCA2', 'V2G'), subjectKeys: p256, basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] }), /pathLen absent; the profile has 0/);
  const p384 = await promisify(generateKeyPair)('ec', { namedCurve: 'P-384' });
  assert.match(await problems({ subject: name('DE*KPH*E1', 'CPO'), subjectKeys: p384, basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'keyAgreement'] }, 'iso2'), /key is ec secp384r1; ISO 15118-2 uses P-256/);
  assert.match(await problems({ subject: name('DE*KPH*E1', 'CPO'), subjectKeys: await generateKeys('P-521'), basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'keyAgreement'] }), /signed with ecdsa-with-SHA256; ISO 15118-20 uses ecdsa-with-SHA512 or Ed448/);
  assert.match(await problems({ subject: name('not an emaid', 'MO'), subjectKeys: p256, basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'keyAgreement'] }), /CN not an emaid is not an eMAID/);
  const lone = await issueCertificate({ subject: name('Lone', 'CPO'), subjectKeys: p256, basicConstraints: { ca: false }, keyUsage: ['digitalSignature', 'keyAgreement'], ...validity });
  assert.match(checkCertificate(lone, 'lone', { now }).problems.join('\n'), /issued by itself, but a SECC leaf is issued by a CPO Sub-CA 2/);
});

test('chain links: a chain as sent has none; a leaf followed by a CA that did not issue it is named', () => {
  const { certificates: c } = lab('iso20', 'P-521');
  assert.equal(chainLinkProblems([c.vehicleLeaf!.der, c.oemSubCa2.der, c.oemSubCa1.der]), [[], [], []]);
  const [leaf, last] = chainLinkProblems([c.vehicleLeaf!.der, c.cpoSubCa2.der]);
  assert.match(leaf!.join(), /not issued by the next certificate in the chain \(CN=CPOSubCA2\)/);
  assert.equal(last, []);
});

test('malformed input is a PkiError naming where: garbage, a truncated certificate', () => {
  const der = lab('iso2', 'P-256').certificates.seccLeaf.der;
  for (const [bytes, where] of [[Uint8Array.of(1, 2, 3), 'garbage.der'], [der.subarray(0, der.length - 10), 'cut.der']] as const) {
    assert.throws(() => checkCertificate(bytes, where), (e: unknown) => e instanceof PkiError && e.subject === where && /not an X\.509 certificate/.test(e.reason));
  }
});

test('an EcdsaSigner issues certificates as a key in memory does (the seam for keys on a token)', async () => {
  for (const algorithm of ['P-256', 'P-521'] as const) {
    const rootKeys = await generateKeys(algorithm);
    const signing = { publicKey: rootKeys.publicKey, signer: softwareSigner(rootKeys.privateKey) };
    const rootName = name('SignerRoot', 'V2G');
    const rootDer = await issueCertificate({ subject: rootName, subjectKeys: signing, basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'], ...validity });
    const subDer = await issueCertificate({ subject: name('CPOSubCA1', 'V2G'), subjectKeys: await generateKeys(algorithm), issuer: { name: rootName, keys: signing }, basicConstraints: { ca: true, pathLen: 1 }, keyUsage: ['keyCertSign', 'cRLSign'], ...validity });
    const sub = new X509Certificate(subDer);
    assert.ok(sub.verify(new X509Certificate(rootDer).publicKey), algorithm);
    assert.equal(checkCertificate(rootDer, 'root', { now }).problems, [], algorithm);
    assert.equal(checkCertificate(subDer, 'sub', { now }).problems, [], algorithm);
    assert.ok(derToPem('CERTIFICATE', subDer).startsWith('-----BEGIN CERTIFICATE-----'));
  }
});

test('builder: a chosen serial is written as given, one RFC 5280 forbids is refused; a public key alone is certified, not self-signed', async () => {
  const root = await generateKeys('P-256');
  const leaf = await generateKeys('P-256');
  const request = { subject: name('DE*KPH*E1', 'CPO'), subjectKeys: { publicKey: leaf.publicKey }, basicConstraints: { ca: false }, keyUsage: ['digitalSignature'], ...validity } as const;
  const issued = (serialNumber: Uint8Array): Promise<Uint8Array> => issueCertificate({ ...request, issuer: { name: name('Root', 'V2G'), keys: root }, serialNumber });
  const der = await issued(Uint8Array.of(0x00, 0x80, 0x01));
  assert.is(new X509Certificate(der).serialNumber, '8001', 'the DER INTEGER 00 80 01');
  assert.ok(new X509Certificate(der).verify(root.publicKey));
  const refusal = async (issuing: Promise<unknown>): Promise<string> => issuing.then(() => 'issued', (e: unknown) => (e instanceof RangeError ? e.message : String(e)));
  assert.match(await refusal(issued(Uint8Array.of(0x80))), 'negative');
  assert.match(await refusal(issued(Uint8Array.of(0, 1))), 'not minimal');
  assert.match(await refusal(issued(Uint8Array.of(0))), 'zero');
  assert.match(await refusal(issued(new Uint8Array(21).fill(1))), '21 bytes, not 1 to 20');
  assert.match(await refusal(issueCertificate(request)), 'subjectKeys needs its private half or a signer');
});

test.run();
