import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encode } from '../../codecs/exi/index.js';
import { lengthThenOctets, replaceBits } from '../exi/stream-bits.js';
import { projectRoot, sharedPath, testWith } from '../shared/shared-dir.js';

interface Vector {
  readonly id: string;
  readonly schema: string;
  readonly json: unknown;
  readonly hex: string;
}

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');

function kopher(args: readonly string[], input = ''): SpawnSyncReturns<string> {
  const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 20_000 });
  assert.is(result.error, undefined, `kopher-v2g ${args.join(' ')} did not finish: ${String(result.error)}`);
  return result;
}

function assertFailure(result: SpawnSyncReturns<string>, exitCode: number, mentions: string): void {
  assert.is(result.status, exitCode, `exit code; stderr: ${result.stderr}`);
  assert.is(result.stdout, '', 'nothing on stdout');
  assert.ok(result.stderr.includes(mentions), `stderr names ${mentions}: ${result.stderr}`);
  assert.not.match(result.stderr, /^\s+at /m, 'no stack trace');
}

/** Bad input (as opposed to a bad command line) is answered with exactly one line, not the usage text. */
function assertOneLineError(result: SpawnSyncReturns<string>, mentions: string): void {
  assertFailure(result, 1, mentions);
  assert.is(result.stderr.trimEnd().split('\n').length, 1, `one line: ${result.stderr}`);
}

function frame(payloadType: number, hex: string): string {
  const length = (hex.length / 2).toString(16).padStart(8, '0');
  return `01fe${payloadType.toString(16).padStart(4, '0')}${length}${hex}`;
}

const vectorsFile = sharedPath('vectors', 'vectors.jsonl');
const vectors: readonly Vector[] =
  vectorsFile === undefined
    ? []
    : readFileSync(vectorsFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Vector);

function vector(id: string): Vector | undefined {
  if (vectorsFile === undefined) return undefined;
  const found = vectors.find((v) => v.id === id);
  assert.ok(found, `vector ${id} is in vectors.jsonl`);
  return found;
}

const din = vector('din-SessionSetupReq');
const dcLoop = vectors.find((v) => v.schema === 'iso20-dc' && !v.id.startsWith('auto-'));

test('--help prints the commands on stdout', () => {
  const result = kopher(['--help']);
  assert.is(result.status, 0);
  assert.match(result.stdout, /^Usage: kopher-v2g/);
  assert.match(result.stdout, /\n {2}exi {2,}/);
});

test('an unknown command prints the usage on stderr and exits 2', () => {
  const result = kopher(['frobnicate']);
  assertFailure(result, 2, 'unknown command "frobnicate"');
  assert.match(result.stderr, /Usage: kopher-v2g/);
});

test('no command at all is a usage error', () => {
  assert.is(kopher([]).status, 2);
});

test('exi --help lists the schemas', () => {
  const result = kopher(['exi', 'decode', '--help']);
  assert.is(result.status, 0);
  assert.ok(result.stdout.includes('iso20-dc'), result.stdout);
});

testWith(test, 'decode prints a vector as the JSON of the convention', din, (din) => {
  const result = kopher(['exi', 'decode', '--schema', 'din', din.hex]);
  assert.is(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout), din.json);
});

testWith(test, 'decode takes hex with whitespace, upper case and 0x, or from stdin', din, (din) => {
  const spaced = `0x${din.hex.toUpperCase().replace(/(..)/g, '$1 ')}`;
  assert.equal(JSON.parse(kopher(['exi', 'decode', '--schema', 'din', spaced]).stdout), din.json);
  assert.equal(JSON.parse(kopher(['exi', 'decode', '--schema', 'din'], `${din.hex}\n`).stdout), din.json);
});

testWith(test, 'encode turns the JSON back into the same hex, from stdin or a file', din, (din) => {
  const fromStdin = kopher(['exi', 'encode', '--schema', 'din', '-'], JSON.stringify(din.json));
  assert.is(fromStdin.status, 0, fromStdin.stderr);
  assert.is(fromStdin.stdout, `${din.hex}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'kopher-cli-'));
  try {
    const file = join(dir, 'doc.json');
    writeFileSync(file, JSON.stringify(din.json, null, 2));
    assert.is(kopher(['exi', 'encode', '--schema', 'din', file]).stdout, `${din.hex}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

testWith(test, 'decode --lines answers each line, a bad one with an error line, and skips blank lines', din, (din) => {
  const result = kopher(['exi', 'decode', '--schema', 'din', '--lines'], `${din.hex}\n\nzz\n  \n${din.hex}\n`);
  assert.is(result.status, 0, result.stderr);
  const out = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.is(out.length, 3);
  assert.equal(out[0], din.json);
  assert.equal(Object.keys(out[1]), ['error']);
  assert.match(String(out[1].error), /hex/);
  assert.equal(out[2], din.json);
});

testWith(test, 'encode --lines answers each line, bad JSON with an error line', din, (din) => {
  const doc = JSON.stringify(din.json);
  const result = kopher(['exi', 'encode', '--schema', 'din', '--lines'], `${doc}\n{"V2G_Message": \n${doc}\n`);
  assert.is(result.status, 0, result.stderr);
  const out = result.stdout.trimEnd().split('\n');
  assert.is(out.length, 3);
  assert.is(out[0], din.hex);
  assert.equal(Object.keys(JSON.parse(out[1]) as object), ['error']);
  assert.is(out[2], din.hex);
});

testWith(test, '--v2gtp frames DIN messages as 0x8001 and strips the frame when decoding', din, (din) => {
  const encoded = kopher(['exi', 'encode', '--schema', 'din', '--v2gtp'], JSON.stringify(din.json));
  assert.is(encoded.stdout, `${frame(0x8001, din.hex)}\n`);
  const decoded = kopher(['exi', 'decode', '--schema', 'din', '--v2gtp', encoded.stdout.trim()]);
  assert.is(decoded.status, 0, decoded.stderr);
  assert.equal(JSON.parse(decoded.stdout), din.json);
});

testWith(test, '--v2gtp frames ISO 15118-20 DC messages as 0x8004 and rejects them under another type', dcLoop, (dcLoop) => {
  const encoded = kopher(['exi', 'encode', '--schema', 'iso20-dc', '--v2gtp'], JSON.stringify(dcLoop.json));
  assert.is(encoded.stdout, `${frame(0x8004, dcLoop.hex)}\n`, encoded.stderr);
  const decodeFramed = (payloadType: number) =>
    kopher(['exi', 'decode', '--schema', 'iso20-dc', '--v2gtp', frame(payloadType, dcLoop.hex)]);
  assert.equal(JSON.parse(decodeFramed(0x8004).stdout), dcLoop.json);
  const sideStream = decodeFramed(0x8101);
  assert.is(sideStream.status, 0, sideStream.stderr);
  assert.equal(JSON.parse(sideStream.stdout), dcLoop.json);
  assertOneLineError(decodeFramed(0x8002), 'payloadType');
});

testWith(test, 'decoder warnings go to stderr, naming the line in --lines mode, and the document still to stdout', din, (din) => {
  const padded = `${din.hex}00`;
  for (const flags of [[], ['--lenient']]) {
    const single = kopher(['exi', 'decode', '--schema', 'din', ...flags, padded]);
    assert.is(single.status, 0, single.stderr);
    assert.equal(JSON.parse(single.stdout), din.json);
    assert.match(single.stderr, /^warning at bit \d+/);
  }
  const lines = kopher(['exi', 'decode', '--schema', 'din', '--lines'], `${din.hex}\n${padded}\n`);
  assert.is(lines.stdout.trimEnd().split('\n').length, 2);
  assert.match(lines.stderr, /^line 2: warning at bit \d+/);
});

test('decode --lenient reads a value outside its facet with a warning naming the path; without it, one error line', () => {
  const session = Array(8).fill(7);
  const doc = { V2G_Message: { Header: { SessionID: Uint8Array.from(session) }, Body: { SessionStopReq: {} } } };
  const long = replaceBits(encode('din', doc), lengthThenOctets(8, session), lengthThenOctets(9, [...session, 7]));
  const hex = Buffer.from(long).toString('hex');
  const lenient = kopher(['exi', 'decode', '--schema', 'din', '--lenient', hex]);
  assert.is(lenient.status, 0, lenient.stderr);
  assert.is((JSON.parse(lenient.stdout) as { V2G_Message: { Header: { SessionID: string } } }).V2G_Message.Header.SessionID, '07'.repeat(9));
  assert.match(lenient.stderr, /^warning at bit \d+ of the EXI stream, in \/V2G_Message\/Header\/SessionID: binary length 9 exceeds maxLength 8 \(tolerated: outOfFacet\)$/m);
  assertOneLineError(kopher(['exi', 'decode', '--schema', 'din', hex]), 'binary length 9 exceeds maxLength 8');
});

testWith(test, 'encode --lenient writes the reference codec\'s WPT FinePositioning grammar; without it, the XSD\'s', vector('auto-iso20-wpt-WPT_FinePositioningReq-min'), (wpt) => {
  const lenient = kopher(['exi', 'encode', '--schema', 'iso20-wpt', '--lenient'], JSON.stringify(wpt.json));
  assert.is(lenient.status, 0, lenient.stderr);
  assert.is(lenient.stdout.trim(), wpt.hex);
  const strict = kopher(['exi', 'encode', '--schema', 'iso20-wpt'], JSON.stringify(wpt.json));
  assert.is(strict.status, 0, strict.stderr);
  assert.is.not(strict.stdout.trim(), wpt.hex);
});

testWith(test, 'a V2GTP frame with bytes after the payload is rejected', din, (din) => {
  const trailing = `${frame(0x8001, din.hex)}00`;
  assertOneLineError(kopher(['exi', 'decode', '--schema', 'din', '--v2gtp', trailing]), 'payloadLength');
});

test('bad hex is one line on stderr and exit 1', () => {
  assertOneLineError(kopher(['exi', 'decode', '--schema', 'din', '80 9g']), 'hex');
  assertOneLineError(kopher(['exi', 'decode', '--schema', 'din', '809']), 'odd');
});

testWith(test, 'an EXI stream cut short is an EXI error, not a stack trace', din, (din) => {
  assertOneLineError(kopher(['exi', 'decode', '--schema', 'din', din.hex.slice(0, 6)]), 'din');
});

test('input that is not JSON, or not the document, is one line on stderr', () => {
  assertOneLineError(kopher(['exi', 'encode', '--schema', 'din'], '{"V2G_Message": '), 'JSON');
  assertOneLineError(kopher(['exi', 'encode', '--schema', 'din'], '{"NoSuchRoot": {}}'), 'din');
  assertOneLineError(kopher(['exi', 'encode', '--schema', 'din', '/nonexistent/doc.json']), 'cannot read');
});

test('a bad schema name or option is a usage error without a stack trace', () => {
  for (const args of [
    ['exi', 'decode', '--schema', 'iso3', '80'],
    ['exi', 'decode', '--schema', 'din', '--frobnicate', '80'],
    ['exi', 'decode', '80'],
    ['exi', 'transcode', '--schema', 'din'],
    ['exi', 'encode', '--schema', 'iso2-fragment', '--v2gtp'],
  ]) {
    assertFailure(kopher(args), 2, 'Usage:');
  }
});

test.run();
