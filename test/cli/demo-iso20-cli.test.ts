/**
 * `kopher-v2g demo` for ISO 15118-20 as a user runs it: over TLS 1.3 with a lab PKI made for the run, the JSON
 * summary with the energy both ways and the messages by their names on the wire; the BPT run follows the grid
 * scenario (charge, give energy back, charge to the target); `--control` belongs to -20 only; `--pnc --install`
 * installs a contract, then authorizes by Plug & Charge.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');

interface DemoJson {
  protocol: string;
  result: string;
  energyWh: number;
  energyDischargedWh: number;
  finalSoC: number;
  messages: { dir: string; name: string; responseCode?: string }[];
}

/** A BPT demo waits out the grid scenario's 10 s in real time: the bound is for a busy host, not for a hang. */
function demo(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, 'demo', ...args], { encoding: 'utf8', timeout: 90_000 });
  assert.is(run.error, undefined, `kopher-v2g demo ${args.join(' ')} did not finish: ${String(run.error)}`);
  return run;
}

const FAST = ['--speed', '1000', '--loop-interval', '5', '--json'];

test('demo --protocol iso20-dc-bpt --control dynamic: charges, gives energy back on the SECC\'s command, charges to the target', () => {
  // Slow enough physics that the battery is still charging when the grid asks for energy back, 5 s in.
  const run = demo(['--protocol', 'iso20-dc-bpt', '--control', 'dynamic', '--speed', '40', '--loop-interval', '5', '--json']);
  assert.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DemoJson;
  assert.is(report.protocol, 'iso20-dc-bpt');
  assert.is(report.result, 'stopped');
  assert.ok(report.energyWh > 0, `charged ${report.energyWh} Wh`);
  assert.ok(report.energyDischargedWh > 0, `discharged ${report.energyDischargedWh} Wh`);
  // The target is 80 %; the EV stops at its next loop after reaching it, a tenth more on a busy host.
  assert.ok(report.finalSoC >= 80 && report.finalSoC < 81, `charged to the target after giving energy back: ${report.finalSoC} %`);
  const names = report.messages.map((m) => m.name);
  assert.equal(names.slice(2, 4), ['SessionSetupReq', 'SessionSetupRes']);
  assert.equal(names.slice(-2), ['SessionStopReq', 'SessionStopRes']);
  for (const name of ['DC_ChargeParameterDiscoveryReq', 'ScheduleExchangeReq', 'DC_CableCheckReq', 'DC_PreChargeReq', 'PowerDeliveryReq', 'DC_WeldingDetectionReq']) {
    assert.ok(names.includes(name), `${name} in ${names.join(' ')}`);
  }
  assert.ok(names.filter((n) => n === 'DC_ChargeLoopReq').length > 3, 'a DC_ChargeLoop loop');
  assert.equal(report.messages.filter((m) => m.responseCode?.startsWith('FAILED')), []);
});

test('demo --protocol iso20-ac: the AC_ChargeLoop to SessionStop, nothing discharged', () => {
  const run = demo(['--protocol', 'iso20-ac', ...FAST]);
  assert.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DemoJson;
  assert.is(report.result, 'stopped');
  assert.ok(report.energyWh > 0, `charged ${report.energyWh} Wh`);
  assert.is(report.energyDischargedWh, 0);
  assert.ok(report.messages.filter((m) => m.name === 'AC_ChargeLoopReq').length > 3, 'an AC_ChargeLoop loop');
});

test('demo --protocol iso20-dc --pnc --install: a contract installed first, then Plug & Charge authorizes the charge', () => {
  const run = demo(['--protocol', 'iso20-dc', '--pnc', '--install', ...FAST]);
  assert.is(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as DemoJson;
  assert.is(report.result, 'stopped');
  const names = report.messages.map((m) => m.name);
  const installed = names.indexOf('CertificateInstallationRes');
  assert.ok(installed > 0 && installed < names.indexOf('AuthorizationReq'), names.join(' '));
  assert.ok(report.energyWh > 0, `charged ${report.energyWh} Wh`);
});

test('demo --control is refused outside ISO 15118-20, and an unknown control mode is named', () => {
  for (const [args, says] of [
    [['--protocol', 'iso2-dc', '--control', 'dynamic'], '--control: ISO 15118-20 only'],
    [['--protocol', 'iso20-dc', '--control', 'smart'], '--control smart: one of scheduled, dynamic'],
  ] as const) {
    const run = demo(args);
    assert.is(run.status, 2, run.stderr);
    assert.ok(run.stderr.includes(says), run.stderr);
  }
});

test.run();
