/**
 * What `--pcap` holds, as a field engineer opens it: one pcapng with an IPv6 interface (SDP from the EVCC's real
 * address, V2G over TCP or TLS) and an Ethernet one (SLAC); with --tls the records as on the wire and the session's
 * secrets in a Decryption Secrets Block before them, the same lines both roles append to SSLKEYLOGFILE; and where
 * Debian's tshark is installed, it decrypts the capture unaided down to the V2GTP frames.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DECRYPTION_SECRETS_BLOCK,
  encodeDecryptionSecretsBlock,
  encodeEnhancedPacketBlock,
  encodeInterfaceDescriptionBlock,
  encodeSectionHeaderBlock,
  ENHANCED_PACKET_BLOCK,
  INTERFACE_DESCRIPTION_BLOCK,
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW,
  readPcapng,
  SECRETS_TYPE_TLS_KEY_LOG,
  SECTION_HEADER_BLOCK,
} from '../../codecs/pcap/index.js';
import { ipv6ToText } from '../../codecs/net/index.js';
import { within } from '../shared/async.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const FAST = ['--speed', '1000', '--loop-interval', '5', '--json'];
// Generous: a demo on a busy host takes many times its idle seconds.
const LIMIT_MS = 180_000;

interface Block {
  readonly type: number;
  readonly body: Uint8Array;
}

/** The file's blocks in order, checked for the framing every reader relies on. */
function blocks(file: Uint8Array): Block[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Block[] = [];
  for (let at = 0; at < file.length; ) {
    const length = view.getUint32(at + 4, true);
    assert.ok(length >= 12 && length % 4 === 0 && at + length <= file.length, `block at ${at}: length ${length}`);
    assert.is(view.getUint32(at + length - 4, true), length, `block at ${at}: trailing length`);
    out.push({ type: view.getUint32(at, true), body: file.subarray(at + 8, at + length - 4) });
    at += length;
  }
  return out;
}

const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
const u16 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(at, true);
const epbData = (body: Uint8Array): Uint8Array => body.subarray(20, 20 + u32(body, 12));
const u16be = (b: Uint8Array, at: number): number => (b[at] << 8) | b[at + 1];

/** The content types of a stream of TLS records, which must fill it exactly. */
function tlsRecordTypes(stream: Uint8Array): number[] {
  const types: number[] = [];
  for (let at = 0; at < stream.length; at += 5 + u16be(stream, at + 3)) {
    assert.ok(stream[at] >= 20 && stream[at] <= 23 && stream[at + 1] === 3, `a TLS record header at ${at}`);
    types.push(stream[at]);
    assert.ok(at + 5 + u16be(stream, at + 3) <= stream.length, `the record at ${at} is whole`);
  }
  return types;
}

const secretsOf = (body: Uint8Array): string => new TextDecoder().decode(body.subarray(8, 8 + u32(body, 4)));

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: LIMIT_MS, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      if (error?.killed) reject(new Error(`kopher-v2g ${args.join(' ')} did not finish within ${LIMIT_MS} ms`));
      else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-capture-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('pcapng blocks: a section, an interface per link type, packets on each, secrets; the reader reads them back', () => {
  const secrets = 'CLIENT_RANDOM 00 11\n';
  const file = Buffer.concat([
    encodeSectionHeaderBlock('kopher-v2g'),
    encodeInterfaceDescriptionBlock({ linkType: LINKTYPE_RAW, name: 'v2g' }),
    encodeInterfaceDescriptionBlock({ linkType: LINKTYPE_ETHERNET, name: 'plc', description: 'SLAC' }),
    encodeDecryptionSecretsBlock(SECRETS_TYPE_TLS_KEY_LOG, new TextEncoder().encode(secrets)),
    encodeEnhancedPacketBlock({ interfaceId: 1, timestampMicros: 1_700_000_000_123_456, data: Uint8Array.of(1, 2, 3, 4, 5) }),
    encodeEnhancedPacketBlock({ interfaceId: 0, timestampMicros: 1_700_000_001_000_000, data: Uint8Array.of(0x60, 0, 0) }),
  ]);
  const found = blocks(file);
  assert.equal(found.map((b) => b.type), [SECTION_HEADER_BLOCK, INTERFACE_DESCRIPTION_BLOCK, INTERFACE_DESCRIPTION_BLOCK, DECRYPTION_SECRETS_BLOCK, ENHANCED_PACKET_BLOCK, ENHANCED_PACKET_BLOCK]);
  assert.is(u32(found[0].body, 0), 0x1a2b3c4d);
  assert.equal([u16(found[1].body, 0), u16(found[2].body, 0)], [LINKTYPE_RAW, LINKTYPE_ETHERNET]);
  assert.equal([u32(found[3].body, 0), secretsOf(found[3].body)], [0x544c534b, secrets]);
  const packets = [...readPcapng(file)];
  assert.equal(
    packets.map((p) => [p.linkType, p.timestampMicros, [...p.data]]),
    [
      [LINKTYPE_ETHERNET, 1_700_000_000_123_456, [1, 2, 3, 4, 5]],
      [LINKTYPE_RAW, 1_700_000_001_000_000, [0x60, 0, 0]],
    ],
  );
});

test('demo --tls --pcap: SDP from ::1, the TLS records as on the wire, the secrets first and also in SSLKEYLOGFILE', () =>
  inTempDir(async (dir) => {
    const pcap = join(dir, 'tls.pcapng');
    const keys = join(dir, 'keys.txt');
    const demo = await run(['demo', '--protocol', 'iso2-dc', '--tls', '--pcap', pcap, ...FAST], { SSLKEYLOGFILE: keys });
    assert.is(demo.status, 0, demo.stderr);
    const found = blocks(readFileSync(pcap));
    const interfaces = found.filter((b) => b.type === INTERFACE_DESCRIPTION_BLOCK).map((b) => u16(b.body, 0));
    assert.equal(interfaces, [LINKTYPE_RAW, LINKTYPE_ETHERNET]);
    const packets = found.flatMap((b, index) => (b.type === ENHANCED_PACKET_BLOCK ? [{ index, iface: u32(b.body, 0), ip: epbData(b.body) }] : []));
    assert.ok(packets.every((p) => p.iface === 0 && p.ip[0] >> 4 === 6), 'IPv6 packets on interface 0');
    const sdpRequest = packets.find((p) => p.ip[6] === 17);
    assert.ok(sdpRequest);
    assert.equal([ipv6ToText(sdpRequest.ip.subarray(8, 24)), ipv6ToText(sdpRequest.ip.subarray(24, 40))], ['::1', '::1'], 'the SDP request from the EVCC\'s real address');
    // Each direction's TCP stream is TLS records end to end (content types 20-23, version 3.x), never bare V2GTP.
    const payloads = packets.filter((p) => p.ip[6] === 6).map((p) => ({ index: p.index, port: u16be(p.ip, 40), bytes: p.ip.subarray(40 + (p.ip[52] >> 4) * 4) })).filter((p) => p.bytes.length > 0);
    assert.ok(payloads.length > 20, `${payloads.length} TCP segments with data`);
    for (const port of new Set(payloads.map((p) => p.port))) {
      const types = tlsRecordTypes(Buffer.concat(payloads.filter((p) => p.port === port).map((p) => p.bytes)));
      assert.equal([types[0], types.includes(23)], [22, true], `from port ${port}: a handshake first, then application data`);
    }
    const secrets = found.filter((b) => b.type === DECRYPTION_SECRETS_BLOCK);
    assert.is(secrets.length, 1);
    assert.ok(found.indexOf(secrets[0]) < payloads[0].index, 'the secrets come before the first TLS record');
    assert.match(secretsOf(secrets[0].body), /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n$/);
    assert.is(readFileSync(keys, 'utf8'), secretsOf(secrets[0].body), 'SSLKEYLOGFILE holds the same line');
  }));

const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
if (!tshark) console.log('NOTICE: tshark is not installed (apt-get install tshark); the test that it decrypts a --tls capture unaided is skipped.');
(tshark ? test : test.skip)('tshark decrypts a demo --tls --pcap capture unaided: every message a V2GTP frame', () =>
  inTempDir(async (dir) => {
    const pcap = join(dir, 'tls.pcapng');
    const demo = await run(['demo', '--protocol', 'iso2-ac', '--tls', '--pcap', pcap, ...FAST]);
    assert.is(demo.status, 0, demo.stderr);
    const messages = (JSON.parse(demo.stdout) as { messages: unknown[] }).messages.length;
    const shown = spawnSync('tshark', ['-r', pcap, '-x'], { encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 64 * 1024 * 1024 });
    assert.is(shown.status, 0, shown.stderr);
    // Each decrypted record is dumped as "Decrypted TLS (N bytes):" and its first line of hex.
    const decrypted = shown.stdout.split('Decrypted TLS').slice(1).map((dump) => dump.split('\n')[1] ?? '');
    const frames = decrypted.filter((line) => /^0000 {2}01 fe 80 01 /.test(line));
    assert.is(frames.length, messages, `${decrypted.length} records decrypted, ${frames.length} V2GTP frames, ${messages} messages`);
  }));

test('demo --slac --pcap: the SLAC frames on the Ethernet interface, before the SDP and V2G packets', () =>
  inTempDir(async (dir) => {
    const pcap = join(dir, 'slac.pcapng');
    const demo = await run(['demo', '--slac', '--pcap', pcap, ...FAST]);
    assert.is(demo.status, 0, demo.stderr);
    const packets = [...readPcapng(readFileSync(pcap))];
    const frames = packets.filter((p) => p.linkType === LINKTYPE_ETHERNET);
    assert.ok(frames.length >= 10, `${frames.length} SLAC frames`);
    assert.ok(frames.every((f) => ((f.data[12] << 8) | f.data[13]) === 0x88e1), 'HomePlug AV frames');
    const firstIp = packets.findIndex((p) => p.linkType === LINKTYPE_RAW);
    assert.ok(firstIp > packets.findIndex((p) => p.linkType === LINKTYPE_ETHERNET), 'SLAC first');
  }));

test('secc and evcc over TLS each append the session\'s secrets to their SSLKEYLOGFILE', () =>
  inTempDir(async (dir) => {
    const [seccKeys, evccKeys] = [join(dir, 'secc-keys.txt'), join(dir, 'evcc-keys.txt')];
    const secc = spawn(process.execPath, [CLI, 'secc', '--host', '::1', '--sdp-port', '0', '--tls', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SSLKEYLOGFILE: seccKeys },
    });
    try {
      let stderr = '';
      secc.stderr.setEncoding('utf8');
      const sdpPort = await within(
        new Promise<string>((resolve) => {
          secc.stderr.on('data', (chunk: string) => {
            stderr += chunk;
            const port = /SDP on port (\d+)/.exec(stderr)?.[1];
            if (port) resolve(port);
          });
        }),
        'secc announces its SDP port',
        LIMIT_MS,
      );
      const ev = await run(['evcc', '--sdp-target', '::1', '--sdp-port', sdpPort, '--tls', ...FAST], { SSLKEYLOGFILE: evccKeys });
      assert.is(ev.status, 0, ev.stderr);
      const evLines = readFileSync(evccKeys, 'utf8');
      assert.match(evLines, /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n$/);
      assert.is(readFileSync(seccKeys, 'utf8'), evLines, 'the SECC wrote the same session\'s line');
    } finally {
      secc.kill('SIGINT');
    }
  }));

test.run();
