/**
 * The README's main job as a user runs it: `kopher-v2g demo` in its own process, each protocol, with --json and
 * --pcap; the capture it writes must decode (`kopher-v2g decode`) to the message sequence the JSON reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');

interface DemoJson {
  protocol: string;
  result: string;
  energyWh: number;
  finalSoC: number;
  messages: { dir: string; name: string; responseCode?: string; t: number }[];
}

function kopher(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.is(run.error, undefined, `kopher-v2g ${args.join(' ')} did not finish: ${String(run.error)}`);
  return run;
}

const FAST = ['--speed', '1000', '--loop-interval', '5', '--json'];

for (const [protocol, loop] of [
  ['din', 'CurrentDemandReq'],
  ['iso2-dc', 'CurrentDemandReq'],
  ['iso2-ac', 'ChargingStatusReq'],
] as const) {
  test(`demo --protocol ${protocol} ends with SessionStop, exit 0, and its pcap decodes to the same sequence`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kopher-demo-'));
    try {
      const pcap = join(dir, 'demo.pcap');
      const run = kopher(['demo', '--protocol', protocol, '--pcap', pcap, ...FAST]);
      assert.is(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as DemoJson;
      assert.is(report.result, 'stopped');
      assert.ok(report.energyWh > 0, `energy ${report.energyWh}`);
      const names = report.messages.map((m) => m.name);
      assert.equal(names.slice(0, 3), ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq']);
      assert.equal(names.slice(-2), ['SessionStopReq', 'SessionStopRes']);
      assert.ok(names.filter((n) => n === loop).length > 3, `a ${loop} loop`);
      for (const m of report.messages) {
        assert.is(m.dir, m.name.endsWith('Req') ? 'EV->EVSE' : 'EVSE->EV', m.name);
        if (m.name.endsWith('Res')) assert.ok(m.responseCode?.startsWith('OK'), `${m.name} ${m.responseCode}`);
      }
      const decoded = kopher(['decode', '--layer', 'sdp,v2g', pcap]);
      assert.is(decoded.status, 0, decoded.stderr);
      const flow = decoded.stdout.trim().split('\n').map((l) => JSON.parse(l) as { layer: string; name?: string; error?: string });
      assert.equal(flow.filter((e) => e.error), []);
      assert.equal(flow.filter((e) => e.layer === 'sdp').map((e) => e.name), ['SDPRequest', 'SDPResponse']);
      assert.equal(flow.filter((e) => e.layer === 'v2g').map((e) => e.name), names);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('demo --pack 800 against the default stage: PreCharge at the 800-V pack\'s ~670 V, welding sees the output fall, SessionStop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-demo-'));
  try {
    const pcap = join(dir, 'demo.pcap');
    const run = kopher(['demo', '--protocol', 'din', '--pack', '800', '--pcap', pcap, ...FAST]);
    assert.is(run.status, 0, run.stderr);
    assert.is((JSON.parse(run.stdout) as DemoJson).result, 'stopped');
    const decoded = kopher(['decode', '--layer', 'v2g', pcap]);
    type Quantity = { Multiplier: number; Value: number };
    const si = (q: Quantity) => q.Value * 10 ** q.Multiplier;
    type Line = { message?: { V2G_Message?: { Body: Record<string, Record<string, Quantity>> } } };
    type Body = Record<string, Record<string, Quantity>>;
    const bodies = decoded.stdout.trim().split('\n').flatMap((l): Body[] => {
      const body = (JSON.parse(l) as Line).message?.V2G_Message?.Body;
      return body ? [body] : [];
    });
    const precharge = bodies.find((b) => b['PreChargeReq'])!['PreChargeReq']!;
    assert.ok(si(precharge['EVTargetVoltage']!) > 650 && si(precharge['EVTargetVoltage']!) < 700, JSON.stringify(precharge['EVTargetVoltage']));
    const welding = bodies.filter((b) => b['WeldingDetectionRes']).map((b) => si(b['WeldingDetectionRes']!['EVSEPresentVoltage']!));
    assert.ok(welding.length >= 1 && welding.at(-1)! < 20, `WeldingDetectionRes voltages ${welding.join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo and evcc refuse a pack that is neither 400 nor 800, exit 2', () => {
  for (const command of ['demo', 'evcc']) {
    const run = kopher([command, '--pack', '600']);
    assert.is(run.status, 2);
    assert.match(run.stderr.split('\n')[0] ?? '', /--pack 600: 400 or 800/);
  }
});

test('demo --strict (conformance mode on both roles) charges to SessionStop; demo, secc and evcc --help name it', () => {
  const run = kopher(['demo', '--protocol', 'iso2-ac', '--strict', ...FAST]);
  assert.is(run.status, 0, run.stderr);
  assert.is((JSON.parse(run.stdout) as DemoJson).result, 'stopped');
  for (const command of ['demo', 'secc', 'evcc']) {
    const help = kopher([command, '--help']);
    assert.is(help.status, 0, help.stderr);
    assert.match(help.stdout, /--strict\s+read the peer's messages in EXI conformance mode/);
  }
});

test('demo refuses DIN over TLS and an unknown protocol with the usage, exit 2', () => {
  for (const args of [['--protocol', 'din', '--tls'], ['--protocol', 'iso20-wpt']]) {
    const run = kopher(['demo', ...args]);
    assert.is(run.status, 2, run.stderr);
    assert.match(run.stderr, /Usage: kopher-v2g demo/);
  }
});

test.run();
