/**
 * Runs every uvu suite under dist/test and ends with the line CI reads: `N passed, N failed`.
 * uvu prints its own totals; this wrapper only re-states them in that form and keeps uvu's exit code.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const uvu = join(here, '..', '..', 'node_modules', 'uvu', 'bin.js');
const filter = process.argv[2] ?? '\\.test\\.js$';
// A test that leaves a timer or socket open keeps uvu alive after its last suite: bound the run so CI reports that
// as a failure instead of hanging until its own limit.
const LIMIT_MS = 30 * 60 * 1000;
const run = spawnSync(process.execPath, [uvu, here, filter], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: LIMIT_MS });
if (run.error) console.error(`uvu did not exit within ${LIMIT_MS / 60000} minutes (a test left a handle open?): ${run.error.message}`);
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);

const plain = run.stdout.replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const failed = run.status === 0 ? total - passed - skipped : Math.max(1, total - passed - skipped);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status ?? 1);
