/**
 * `kopher-v2g demo --slac` as a user runs it: SLAC through the in-process modem simulator first, both sides' states in
 * the live view, and only then SDP and the session.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');

test('demo --slac: EV and EVSE are linked by SLAC before SDP starts, and the session ends with SessionStop', () => {
  const run = spawnSync(process.execPath, [CLI, 'demo', '--slac', '--speed', '1000', '--loop-interval', '5'], { encoding: 'utf8', timeout: 30_000 });
  assert.is(run.error, undefined, String(run.error));
  assert.is(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n');
  const first = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l));
  const evLinked = first(/EVCC SLAC\s+linked/);
  const evseLinked = first(/SECC SLAC\s+linked/);
  const sdp = first(/EVCC SDP\s+discovering/);
  assert.ok(first(/EVCC SLAC\s+parameterExchange/) >= 0 && first(/SECC SLAC\s+session/) >= 0, run.stdout);
  assert.ok(evLinked >= 0 && evseLinked >= 0 && sdp > Math.max(evLinked, evseLinked), run.stdout);
  assert.match(run.stderr, /SLAC: EV 02:4b:50:48:00:01 matched EVSE 02:4b:50:48:00:02/);
  assert.match(run.stdout, /stopped/);
});

test('demo --help names --slac and says SDP and the session stay on loopback', () => {
  const run = spawnSync(process.execPath, [CLI, 'demo', '--help'], { encoding: 'utf8', timeout: 10_000 });
  assert.match(run.stdout, /--slac/);
  assert.match(run.stdout, /loopback sockets/);
});

test.run();
