/**
 * Runs every uvu test file under dist/test, each in its own process, and prints a line per file as it finishes
 * (its passed/failed/skipped counts and time), then the line CI reads: `N passed, N failed[, N skipped]`.
 *
 * Files run two at a time (or `KOPHER_TEST_JOBS`), slowest first by the times of the last run, so the whole suite
 * takes no longer than one uvu process did. Every file is bounded (`KOPHER_TEST_FILE_LIMIT_S`, default 300 s): one that
 * hangs on an open handle is killed with its children and counted as failed by name. A failed file's whole output is
 * printed; a passing file's NOTICE lines (what was skipped here and why) are.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = new RegExp(process.argv[2] ?? '\\.test\\.js$');
const jobs = Math.max(1, Number(process.env.KOPHER_TEST_JOBS) || Math.min(2, availableParallelism()));
const limitMs = (Number(process.env.KOPHER_TEST_FILE_LIMIT_S) || 300) * 1000;
/** Last run's time per file, to start the long ones first; a file not in it counts as long. */
const timingsFile = join(here, '.timings.json');

interface FileResult {
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly ms: number;
  /** Why the file counts as failed beyond its failed tests (killed, crashed before its totals). */
  readonly problem?: string;
  readonly output: string;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return filter.test(relative(here, path)) && entry.name.endsWith('.js') ? [path] : [];
  });
}

function readTimings(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(timingsFile, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

function runFile(path: string): Promise<FileResult> {
  const file = relative(here, path);
  const started = performance.now();
  // Its own process group, so a killed file takes the servers and peers it spawned with it.
  const child = spawn(process.execPath, [path], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    killGroup(child.pid);
  }, limitMs);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
      const count = (label: string): number | undefined => {
        const found = new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1];
        return found === undefined ? undefined : Number(found);
      };
      const total = count('Total');
      const passed = count('Passed') ?? 0;
      const skipped = count('Skipped') ?? 0;
      const problem = killed
        ? `killed after ${limitMs / 1000} s (a test left a handle open or hangs)`
        : total === undefined
          ? `ended (${signal ?? `exit ${code}`}) before its totals`
          : code !== 0 && total === passed
            ? `exit ${code ?? signal} after its tests`
            : undefined;
      const failed = Math.max((total ?? 0) - passed, problem ? 1 : 0);
      resolve({ file, passed, failed, skipped, ms, problem, output });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function report(r: FileResult): void {
  const mark = r.failed > 0 ? 'FAIL' : 'ok  ';
  const counts = `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
  console.log(`${mark} ${r.file.padEnd(44)} ${counts.padEnd(34)} ${(r.ms / 1000).toFixed(1).padStart(6)} s`);
  if (r.failed > 0) {
    console.log(r.output.replace(/^/gm, '     | '));
    if (r.problem) console.log(`     ${r.file}: ${r.problem}`);
    return;
  }
  const notices = new Set(r.output.split('\n').filter((line) => line.startsWith('NOTICE')));
  for (const notice of notices) console.log(`     ${notice}`);
}

const previous = readTimings();
const queue = testFiles(here).sort((a, b) => (previous[relative(here, b)] ?? Infinity) - (previous[relative(here, a)] ?? Infinity));
const results: FileResult[] = [];
const running = new Set<number>();
const interrupted = (): void => {
  for (const pid of running) killGroup(pid);
  process.exit(130);
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);

async function worker(): Promise<void> {
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const result = await runFile(path);
    results.push(result);
    report(result);
  }
}

const suiteStart = performance.now();
await Promise.all(Array.from({ length: jobs }, () => worker()));

const sum = (key: 'passed' | 'failed' | 'skipped'): number => results.reduce((n, r) => n + r[key], 0);
const failedFiles = results.filter((r) => r.failed > 0).map((r) => r.file);
if (results.length === 0) console.log(`no test file matches ${filter}`);
if (failedFiles.length > 0) console.log(`\nfailed: ${failedFiles.join(', ')}`);
console.log(`\n${results.length} files in ${((performance.now() - suiteStart) / 1000).toFixed(1)} s`);
try {
  writeFileSync(timingsFile, `${JSON.stringify({ ...previous, ...Object.fromEntries(results.map((r) => [r.file, Math.round(r.ms)])) })}\n`);
} catch {
  // The order is only an optimisation; a read-only dist runs in the default order.
}
const skipped = sum('skipped');
console.log(`${sum('passed')} passed, ${sum('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failedFiles.length > 0 || results.length === 0 ? 1 : 0);
