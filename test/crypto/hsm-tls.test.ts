/**
 * The SECC's TLS key on a PKCS#11 token: a P-256 key generated on a SoftHSM2 token (not extractable), an SECC leaf
 * for it issued by the test PKI's CPO Sub-CA 2, and Node's TLS server signing its handshakes through Debian's
 * OpenSSL pkcs11 engine (libengine-pkcs11-openssl); the project's EVCC side (connectTls) verifies the chain and
 * talks over it, in TLS 1.2 and 1.3. The PIN reaches the engine from a file and from an environment variable.
 */
import { createPrivateKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { firstValueFrom } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultEnginesDir, generateTokenKeyPair, HsmError, openTokenSigner, tokenTlsKey, type TokenKeyConfig } from '../../crypto/hsm/index.js';
import { derToPem } from '../../crypto/pem.js';
import { CPO_CHAIN_PROFILES } from '../../crypto/pki/profiles.js';
import { generateTestPki, type TestPki } from '../../crypto/pki/test-pki.js';
import { issueCertificate } from '../../crypto/x509/certificate-builder.js';
import type { DistinguishedName, DomainComponent } from '../../crypto/x509/names.js';
import { connectTls, type TlsVersion } from '../../transport/tls.js';
import { TLS_PROFILES } from '../../transport/tls-profiles.js';
import { createSoftHsmToken, softHsmAbsent, type SoftHsmToken } from './hsm-fixtures.js';

const PIN_VARIABLE = 'KOPHER_TEST_HSM_TLS_PIN';
const engineAbsent = existsSync(join(defaultEnginesDir(), 'pkcs11.so')) ? undefined : `${defaultEnginesDir()}/pkcs11.so is absent (Debian package libengine-pkcs11-openssl)`;
const absent = softHsmAbsent ?? engineAbsent;

let softHsm: SoftHsmToken | undefined;
let key: TokenKeyConfig;
let pki: TestPki;
let chainPem: string;

test.before(async () => {
  if (absent) return;
  softHsm = createSoftHsmToken('kopher-tls', PIN_VARIABLE);
  key = { ...softHsm.config, key: { label: 'secc-tls', id: randomBytes(4) } };
  const publicKey = generateTokenKeyPair(softHsm.config, { curve: 'P-256', label: 'secc-tls', id: key.key.id! });
  pki = await generateTestPki();
  chainPem = [await seccLeafFor(publicKey), pki.cpoSubCa2.pem, pki.cpoSubCa1.pem].join('');
});

test.after(() => softHsm?.remove());

const skipped = (what: string): boolean => {
  if (absent) console.log(`NOTICE: ${what} skipped: ${absent}`);
  return absent !== undefined;
};

/** The SECC leaf for the token's public key, issued by CPO Sub-CA 2 with the test PKI's profile. */
async function seccLeafFor(publicKey: KeyObject): Promise<string> {
  const subCa2 = new X509Certificate(pki.cpoSubCa2.der);
  const field = (name: string): string => subCa2.subject.split('\n').find((l) => l.startsWith(`${name}=`))!.slice(name.length + 1);
  const issuerName: DistinguishedName = { commonName: field('CN'), organizationName: field('O'), countryName: field('C'), domainComponent: field('DC') as DomainComponent };
  const profile = CPO_CHAIN_PROFILES.seccLeaf;
  const now = Date.now();
  const der = await issueCertificate({
    subject: { ...issuerName, commonName: 'DE*KPH*E0000HSM', domainComponent: profile.domainComponent },
    // The public key alone: its private half is on the token.
    subjectKeys: { publicKey },
    issuer: { name: issuerName, keys: { publicKey: subCa2.publicKey, privateKey: createPrivateKey(pki.cpoSubCa2.privateKeyPem) } },
    basicConstraints: profile.basicConstraints,
    keyUsage: profile.keyUsage,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + profile.validityDays * 86_400_000),
  });
  return derToPem('CERTIFICATE', der);
}

async function echoServer(version: TlsVersion, config: TokenKeyConfig): Promise<Server> {
  const profile = TLS_PROFILES[version];
  const server = createServer(
    { cert: chainPem, ...tokenTlsKey(config), minVersion: profile.protocol, maxVersion: profile.protocol, ciphers: profile.serverCiphers, honorCipherOrder: true },
    (socket) => socket.pipe(socket),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function exchange(version: TlsVersion, config: TokenKeyConfig): Promise<{ protocol: string; echoed: string }> {
  const server = await echoServer(version, config);
  try {
    const port = (server.address() as { port: number }).port;
    const connection = await connectTls({ host: '127.0.0.1', port, version, trustedRoots: [pki.v2gRootCa.pem], timeoutMs: 10_000 });
    try {
      const reply = firstValueFrom(connection.data$);
      connection.write(new TextEncoder().encode('SessionSetupReq'));
      return { protocol: connection.negotiated.protocol, echoed: Buffer.from(await reply).toString() };
    } finally {
      connection.destroy('done');
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('a wrong PIN fails the server\'s setup (first: once logged in, libp11 stays logged in for the process)', () => {
  if (skipped('TLS key wrong PIN')) return;
  process.env.KOPHER_TEST_HSM_TLS_WRONG_PIN = 'wrong-pin-1';
  assert.throws(() => createServer({ cert: chainPem, ...tokenTlsKey({ ...key, pin: { env: 'KOPHER_TEST_HSM_TLS_WRONG_PIN' } }) }), /PIN incorrect/);
});

for (const version of ['tls1.2', 'tls1.3'] as const) {
  test(`${version}: the SECC signs its handshake with the token's key; the EVCC verifies the chain and talks`, async () => {
    if (skipped(`TLS key on a token (${version})`)) return;
    const { protocol, echoed } = await exchange(version, key);
    assert.is(protocol, TLS_PROFILES[version].protocol);
    assert.is(echoed, 'SessionSetupReq');
  });
}

test('a token signer and the TLS engine share the module: closing the signer leaves the TLS key working', async () => {
  if (skipped('token signer beside the TLS engine')) return;
  const server = await echoServer('tls1.3', key);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const signer = openTokenSigner(key);
  assert.is((await signer.sign(Uint8Array.of(1), 'sha256')).length, 64);
  signer.close();
  assert.is((await exchange('tls1.3', key)).echoed, 'SessionSetupReq');
});

test('the PIN from a file (read by the engine itself), which must not end with a line break', async () => {
  if (skipped('TLS key PIN file')) return;
  const pinFile = join(softHsm!.folder, 'tls-pin');
  writeFileSync(pinFile, softHsm!.pin, { mode: 0o600 });
  const fromFile = { ...key, pin: { file: pinFile } };
  assert.match(tokenTlsKey(fromFile).privateKeyIdentifier, `?pin-source=file:${pinFile}`);
  assert.is((await exchange('tls1.3', fromFile)).echoed, 'SessionSetupReq');
  writeFileSync(pinFile, `${softHsm!.pin}\n`);
  assert.throws(() => tokenTlsKey(fromFile), (e: unknown) => e instanceof HsmError && /ends with a line break/.test(e.message));
});

test('the identifier names token, object and id as an RFC 7512 URI; one module per process', () => {
  if (skipped('TLS key identifier')) return;
  const { privateKeyEngine, privateKeyIdentifier } = tokenTlsKey(key);
  assert.is(privateKeyEngine, 'pkcs11');
  const id = [...key.key.id!].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  assert.is(privateKeyIdentifier, `pkcs11:token=kopher-tls;object=secc-tls;id=${id};type=private?pin-value=${softHsm!.pin}`);
  assert.throws(() => tokenTlsKey({ ...key, module: '/usr/lib/other-pkcs11.so' }), (e: unknown) => e instanceof HsmError && /PKCS11_MODULE_PATH/.test(e.message));
});

test.run();
