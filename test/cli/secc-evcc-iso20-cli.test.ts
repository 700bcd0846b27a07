/**
 * `kopher-v2g secc` and `kopher-v2g evcc` speaking ISO 15118-20 to each other as a user runs them, each in its own
 * process, with the lab PKI `pki init --profile iso20` wrote: the station serves DIN, ISO-2 and -20 and asks for the
 * vehicle's certificate (--mutual-tls required), the EV offers -20 first and charges bidirectionally under Dynamic
 * control over TLS 1.3; both JSON reports count the energy both ways. Unknown protocol names are refused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { within } from '../shared/async.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const BOUND_MS = 60_000;

test('secc --protocols din,iso2,iso20 --mutual-tls required and evcc --protocols iso20,iso2 --bpt --control dynamic: an -20 session over TLS 1.3, energy both ways in --json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-pki20-'));
  const pki = join(dir, 'lab');
  const secc = { process: undefined as ReturnType<typeof spawn> | undefined };
  try {
    const init = spawnSync(process.execPath, [CLI, 'pki', 'init', pki, '--profile', 'iso20'], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(init.status, 0, init.stderr);
    const station = spawn(process.execPath, [CLI, 'secc', '--host', '::1', '--sdp-port', '0', '--protocols', 'din,iso2,iso20', '--pki20', pki, '--mutual-tls', 'required', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    secc.process = station;
    let stdout = '';
    let stderr = '';
    station.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    station.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const until = (done: () => boolean, what: string): Promise<void> =>
      within(
        (async () => {
          while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
        })(),
        what,
        BOUND_MS,
      );
    await until(() => /SDP on port \d+/.test(stderr), 'the station announcing itself');
    assert.match(stderr, /, TLS on \[::1\]:\d+/, 'a TLS port for -20');
    const sdpPort = /SDP on port (\d+)/.exec(stderr)![1]!;
    const ev = spawnSync(
      process.execPath,
      [CLI, 'evcc', '--sdp-target', '::1', '--sdp-port', sdpPort, '--protocols', 'iso20,iso2', '--pki20', pki, '--bpt', '--control', 'dynamic', '--speed', '1000', '--loop-interval', '5', '--json'],
      { encoding: 'utf8', timeout: BOUND_MS },
    );
    assert.is(ev.status, 0, ev.stderr);
    const report = JSON.parse(ev.stdout) as { protocol: string; result: string; energyWh: number; energyDischargedWh: number; messages: { name: string }[] };
    assert.equal([report.protocol, report.result], ['iso20-dc', 'stopped']);
    assert.ok(report.energyWh > 0, `charged ${report.energyWh} Wh`);
    assert.is(typeof report.energyDischargedWh, 'number');
    assert.ok(report.messages.some((m) => m.name === 'DC_ChargeLoopReq'), 'the -20 DC loop, by its name on the wire');
    await until(() => stdout.includes('\n'), "the station's JSON line");
    const session = JSON.parse(stdout.split('\n')[0]!) as { protocol: string; result: string; energyWh: number; energyDischargedWh: number };
    assert.equal([session.protocol, session.result], ['iso20-dc', 'stopped']);
    assert.ok(session.energyWh > 0, `the station metered ${session.energyWh} Wh`);
    assert.is(typeof session.energyDischargedWh, 'number');
  } finally {
    secc.process?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('secc and evcc refuse an unknown protocol name by name, exit 2', () => {
  for (const command of ['secc', 'evcc']) {
    const run = spawnSync(process.execPath, [CLI, command, '--protocols', 'din,iso15118-20'], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(run.status, 2, run.stderr);
    assert.match(run.stderr.split('\n')[0] ?? '', /--protocols: "iso15118-20" is not one of din, iso2, iso20/);
  }
});

test.run();
