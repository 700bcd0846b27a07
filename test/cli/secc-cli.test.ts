/**
 * `kopher-v2g secc --workers 2` as a user runs it, in its own process: an EV (`kopher-v2g evcc`) finds it by SDP and
 * charges to SessionStop, the session's JSON line comes from a worker, and Ctrl-C (SIGINT) ends the station with exit
 * 0 once every worker has left. The options a worker process cannot serve are refused, each by name, as are limits and
 * ports out of range; a station left to choose its port announces one in the dynamic range.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { within } from '../shared/async.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const BOUND_MS = 15_000;

/** What a station process writes to stderr: all of it so far, and the first capture of a pattern once it appears. */
function stderrOf(secc: Pick<ChildProcessWithoutNullStreams, 'stderr'>): { text(): string; announced(pattern: RegExp): Promise<string> } {
  let text = '';
  secc.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    text: () => text,
    announced: (pattern) =>
      within(
        new Promise<string>((resolve) => {
          const look = (): void => {
            const found = pattern.exec(text)?.[1];
            if (found !== undefined) resolve(found);
          };
          secc.stderr.on('data', look);
          look();
        }),
        'the station announcing itself',
        BOUND_MS,
      ),
  };
}

test('secc --workers 2 refuses --slac, --pcap, --inspect and --record by name, exit 2', () => {
  for (const args of [['--slac', '--iface', 'lo'], ['--pcap', 'x.pcap'], ['--inspect'], ['--record', 'x.jsonl']]) {
    const run = spawnSync(process.execPath, [CLI, 'secc', '--workers', '2', ...args], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(run.status, 2, run.stderr);
    const first = run.stderr.split('\n')[0] ?? '';
    assert.match(first, new RegExp(`^kopher-v2g secc: ${args[0]} does not work with --workers above 1: `));
  }
});

test('secc refuses stage limits the mode has not, and ones that are not positive, by name, exit 2', () => {
  const cases = [
    [['--mode', 'ac', '--max-power', '22000'], /^kopher-v2g secc: --max-power: DC only/],
    [['--mode', 'ac', '--max-voltage', '400'], /^kopher-v2g secc: --max-voltage: DC only/],
    [['--mode', 'dc', '--phases', '3'], /^kopher-v2g secc: --phases: AC only/],
    [['--mode', 'ac', '--phases', '4'], /^kopher-v2g secc: --phases 4: 1, 2 or 3/],
    [['--max-current', '0'], /^kopher-v2g secc: --max-current 0: a positive number/],
  ] as const;
  for (const [args, message] of cases) {
    const run = spawnSync(process.execPath, [CLI, 'secc', ...args], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(run.status, 2, run.stderr);
    assert.match(run.stderr.split('\n')[0] ?? '', message);
  }
});

test('secc refuses a limit below 1 and a port past 65535 by name, exit 2', () => {
  for (const [option, value, said] of [
    ['--max-connections', '0', 'a number of at least 1'],
    ['--max-connections-per-peer', '2.5', 'a whole number of at least 1'],
    ['--max-sessions', 'many', 'a number of at least 1'],
    ['--tls-port', '70000', 'a TCP port, 0 to 65535'],
  ] as const) {
    const run = spawnSync(process.execPath, [CLI, 'secc', option, value], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(run.status, 2, run.stderr);
    assert.is(run.stderr.split('\n')[0], `kopher-v2g secc: ${option} ${value}: ${said}`);
  }
});

test('secc without --port announces a V2G port in the dynamic range 49152-65535, and ends on SIGINT', async () => {
  const secc = spawn(process.execPath, [CLI, 'secc', '--host', '::1', '--sdp-port', '0', '--max-sessions', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = stderrOf(secc);
  const exited = new Promise<number | null>((resolve) => secc.once('exit', (code) => resolve(code)));
  try {
    const port = Number(await stderr.announced(/V2G on \[::1\]:(\d+)/));
    assert.ok(port >= 49152 && port <= 65535, `V2G port ${port}`);
    secc.kill('SIGINT');
    assert.is(await within(exited, 'the station ending', BOUND_MS), 0, stderr.text());
  } finally {
    secc.kill('SIGKILL');
  }
});

test('secc --workers 2 serves an EV found by SDP, and SIGINT ends it and its workers, exit 0', async () => {
  const secc = spawn(process.execPath, [CLI, 'secc', '--host', '::1', '--sdp-port', '0', '--workers', '2', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const stderr = stderrOf(secc);
  secc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => secc.once('exit', (code) => resolve(code)));
  try {
    const sdpPort = await stderr.announced(/SDP on port (\d+), sessions in 2 worker processes/);
    const ev = spawnSync(process.execPath, [CLI, 'evcc', '--sdp-target', '::1', '--sdp-port', sdpPort, '--speed', '1000', '--loop-interval', '5', '--json'], {
      encoding: 'utf8',
      timeout: BOUND_MS,
    });
    assert.is(ev.status, 0, ev.stderr);
    assert.is((JSON.parse(ev.stdout) as { result: string }).result, 'stopped');
    await within(
      (async () => {
        while (!stdout.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
      "the worker's JSON line",
      BOUND_MS,
    );
    const session = JSON.parse(stdout.split('\n')[0]!) as { session: number; result: string };
    assert.is(session.result, 'stopped');
    assert.ok(session.session === 1 || session.session === 2, `the first session of worker 1 or 2: #${session.session}`);
    secc.kill('SIGINT');
    assert.is(await within(exited, 'the station ending', BOUND_MS), 0, stderr.text());
    assert.not.match(stderr.text(), /did not leave|killed by/, 'every worker left when asked');
  } finally {
    secc.kill('SIGKILL');
  }
});

test.run();
