/**
 * The vehicle network on the command line, each in its own process: `demo --can-sim` charges through the example
 * matrix's frames; `can decode` reads a candump -L log; `evcc` refuses a wrong DBC, a wrong mapping and a missing CAN
 * device with a message that names what and where, before any session starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EXAMPLE_DBC, EXAMPLE_MAP } from '../../cli/vehicle-network.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const EXAMPLE_LOG = join(projectRoot, 'examples', 'vehicle-network', 'charging.candump');

function kopher(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.is(run.error, undefined, `kopher-v2g ${args.join(' ')} did not finish: ${String(run.error)}`);
  return run;
}

test('demo --can-sim: a whole DIN charge with the EV\'s values as CAN frames, exit 0', () => {
  const run = kopher(['demo', '--can-sim', '--speed', '1000', '--loop-interval', '5', '--json']);
  assert.is(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { result: string; finalSoC: number };
  assert.is(out.result, 'stopped');
  assert.ok(out.finalSoC >= 79, `final SoC ${out.finalSoC}`);
});

test('can decode: each frame of a candump -L log with its signals; unknown frames raw; FD multiplexed pages', () => {
  const run = kopher(['can', 'decode', EXAMPLE_LOG, '--dbc', EXAMPLE_DBC]);
  assert.is(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.is(lines.length, 9);
  // Written out by hand from the log line 3A1#20080FA069782008: Motorola, 0x2008 = 8200 × 0.1 V, 0x0FA0 = 4000 × 0.1 A.
  assert.equal(lines[1], { t: 1733480000.0004, iface: 'can0', id: '3A1', name: 'BMS_ChargeLimits', signals: { BMS_MaxChargeVoltage: 820, BMS_MaxChargeCurrent: 400, BMS_MaxChargePower: 270, BMS_TargetVoltage: 820 } });
  assert.equal(lines[4]!.id, '18FF50E5');
  assert.equal([lines[6]!.fd, lines[6]!.signals, lines[7]!.signals], [true, { BMS_CellStatsPage: 0, BMS_CellVoltageMin: 3.531, BMS_CellVoltageMax: 3.548 }, { BMS_CellStatsPage: 1, BMS_CellTemperatureMin: 24, BMS_CellTemperatureMax: 31 }]);
  assert.equal(lines[8], { t: 1733480000.15, iface: 'can0', id: '7DF', data: '0201000000000000' });
});

test('can decode: a line that does not decode is an error line and exit 1, the rest still decodes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-can-'));
  try {
    const log = join(dir, 'short.candump');
    writeFileSync(log, '(1.0) can0 3A0#0102\nnot a frame\n(2.0) can0 1F0#0100000000000000\n');
    const run = kopher(['can', 'decode', log, '--dbc', EXAMPLE_DBC]);
    assert.is(run.status, 1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.map((l) => l.error ?? l.name), ['BMS_State: 2 bytes received, the DBC says 8', 'line 2: not a candump -L frame: "not a frame"', 'VCU_State']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('evcc with a wrong DBC, a wrong mapping, no CAN device: exit 1 naming the file, line or entry, no session', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-can-'));
  try {
    const dbc = join(dir, 'wrong.dbc');
    writeFileSync(dbc, readFileSync(EXAMPLE_DBC, 'utf8').replace('BMS_SoC : 0|10@1+', 'BMS_SoC : 0|10@3+'));
    const map = join(dir, 'wrong.json');
    writeFileSync(map, readFileSync(EXAMPLE_MAP, 'utf8').replace('"BMS_State.BMS_SoC"', '"BMS_State.BMS_StateOfCharge"'));
    const cases: Array<[string[], RegExp]> = [
      [['--dbc', dbc, '--map', EXAMPLE_MAP], /wrong\.dbc:20:21: byte order 0 \(big-endian\) or 1 \(little-endian\) expected, found '3'/],
      [['--dbc', EXAMPLE_DBC, '--map', map], /wrong\.json: status\.soc: message BMS_State has no signal BMS_StateOfCharge/],
      [['--dbc', EXAMPLE_DBC, '--map', EXAMPLE_MAP], /CAN on \/dev\/kopher-none unavailable \(device\)/],
    ];
    for (const [args, reason] of cases) {
      const run = kopher(['evcc', '--slcan', '/dev/kopher-none', ...args, '--sdp-target', '::1']);
      assert.is(run.status, 1, run.stderr);
      assert.match(run.stderr, reason);
      assert.not.match(run.stdout, /SessionSetup/);
    }
    const usage = kopher(['evcc', '--dbc', EXAMPLE_DBC]);
    assert.is(usage.status, 2);
    assert.match(usage.stderr, /--dbc\/--map need --can IF or --slcan DEVICE/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
