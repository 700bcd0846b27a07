/**
 * `kopher-v2g sig verify`: one JSON line per signed message, the signer's certificate from --cert (PEM or DER) or
 * from the message, exit 0 only when the signature and every reference present verify; --lines; usage errors.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encode } from '../../codecs/exi/index.js';
import type { V2G_MessageType } from '../../codecs/exi/generated/iso2.types.js';
import type { AuthorizationReqType } from '../../codecs/exi/generated/iso20-common.types.js';
import { derToPem } from '../../crypto/pem.js';
import { signMessage, standardOf } from '../../crypto/xmldsig/index.js';
import { projectRoot } from '../shared/shared-dir.js';
import { unsignedMessage } from '../crypto/signed-documents.js';
import { signingKey } from '../crypto/signing-keys.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');

function kopher(args: readonly string[], input = ''): SpawnSyncReturns<string> {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  assert.is(result.error, undefined, `kopher-v2g ${args.join(' ')} did not finish: ${String(result.error)}`);
  return result;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const entry = (schema: 'iso2' | 'iso20-common', message: string) => standardOf(schema).table.find((m) => m.message === message)!;

const dir = mkdtempSync(join(tmpdir(), 'kopher-sig-'));
const contract = await signingKey('P-256', 'DEKPHC000000001');
const stranger = await signingKey('P-256', 'someone else');
const pem = join(dir, 'contract.pem');
const der = join(dir, 'stranger.der');
writeFileSync(pem, derToPem('CERTIFICATE', contract.der));
writeFileSync(der, stranger.der);

const authorization = (await signMessage('iso2', unsignedMessage('iso2', entry('iso2', 'AuthorizationReq'), 1), contract.signer)) as { V2G_Message: V2G_MessageType };
const signedHex = hex(encode('iso2', authorization));
// The signature re-sent on a message without the Id it references (a field EVCC's stale MeteringReceipt signature).
const stale = hex(encode('iso2', { V2G_Message: { ...authorization.V2G_Message, Body: { ChargingStatusReq: {} } } }));

test('a signed ISO-2 AuthorizationReq with the contract certificate (PEM): one JSON line, exit 0', () => {
  const run = kopher(['sig', 'verify', '--schema', 'iso2', '--cert', pem, signedHex]);
  assert.is(run.status, 0, run.stderr);
  const id = authorization.V2G_Message.Body.AuthorizationReq!['@Id'];
  assert.is(run.stdout, `${JSON.stringify({ references: [{ uri: `#${id}`, ok: true }], signature: true, signer: 'CN=DEKPHC000000001,O=KopherV2G test,C=DE,DC=MO' })}\n`);
});

test('the wrong certificate (DER): signature false, exit 1', () => {
  const run = kopher(['sig', 'verify', '--schema', 'iso2', '--cert', der, signedHex]);
  assert.is(run.status, 1);
  const out = JSON.parse(run.stdout) as { references: { ok: boolean }[]; signature: boolean; signer: string };
  assert.equal([out.references[0].ok, out.signature, out.signer.startsWith('CN=someone else')], [true, false, true]);
});

test('-20 AuthorizationReq: the signer certificate from the message itself', async () => {
  const key = await signingKey('P-521', 'DEKPHC000000002');
  const doc = unsignedMessage('iso20-common', entry('iso20-common', 'AuthorizationReq'), 4) as { AuthorizationReq: AuthorizationReqType };
  doc.AuthorizationReq.PnC_AReqAuthorizationMode!.ContractCertificateChain.Certificate = key.der;
  const run = kopher(['sig', 'verify', '--schema', 'iso20-common', hex(encode('iso20-common', await signMessage('iso20-common', doc, key.signer)))]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /"signature":true,"signer":"CN=DEKPHC000000002,/);
});

test('a reference to an Id the message lacks is reported (ok false) but does not fail the run', () => {
  const run = kopher(['sig', 'verify', '--schema', 'iso2', '--cert', pem, stale]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /"ok":false\}\],"signature":true/);
  assert.match(run.stderr, /no element of the message body has Id/);
});

test('--lines: one output line per input line, a bad line as {"error"}, exit 1 when any fails', () => {
  const run = kopher(['sig', 'verify', '--schema', 'iso2', '--cert', pem, '--lines'], `${signedHex}\n\nzz\n${signedHex}\n`);
  assert.is(run.status, 1);
  const lines = run.stdout.trimEnd().split('\n');
  assert.is(lines.length, 3);
  assert.match(lines[0], /"signature":true/);
  assert.ok('error' in (JSON.parse(lines[1]) as object));
  assert.match(lines[2], /"signature":true/);
});

test('a message without signer certificate and no --cert, a missing --cert file: one line, exit 1', () => {
  const none = kopher(['sig', 'verify', '--schema', 'iso2', signedHex]);
  assert.equal([none.status, none.stdout], [1, '']);
  assert.match(none.stderr, /--cert FILE/);
  const missing = kopher(['sig', 'verify', '--schema', 'iso2', '--cert', join(dir, 'nope.pem'), signedHex]);
  assert.equal([missing.status, missing.stdout], [1, '']);
  assert.match(missing.stderr, /nope\.pem/);
});

test('usage errors exit 2: no --schema, a schema without signatures, an unknown action', () => {
  for (const args of [['sig', 'verify', signedHex], ['sig', 'verify', '--schema', 'din', signedHex], ['sig', 'check']]) {
    const run = kopher(args);
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /kopher-v2g sig/);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
