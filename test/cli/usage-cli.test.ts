/**
 * The command line as a tool: `--version`, `help [COMMAND]` and `--help` on every command print to stdout and exit 0;
 * every usage error (unknown command or option, bad value) is one line naming it and the command's usage line on
 * stderr, exit 2, with nothing started; `--verbose` alone shows the channel's routine end.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const COMMANDS = ['demo', 'evcc', 'secc', 'exi', 'sig', 'pki', 'inspect', 'decode', 'statecharts'];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Generous: on a busy host a node start that loads a command's modules takes seconds. */
const LIMIT_MS = 180_000;
/** Two CLI processes at a time: more would only share the same cores, each then nearer its limit. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Runs the CLI in its own process, at most AT_ONCE together. */
async function kopher(args: readonly string[]): Promise<Run> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise((resolve, reject) => {
      execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: LIMIT_MS }, (error, stdout, stderr) => {
        if (error?.killed) reject(new Error(`kopher-v2g ${args.join(' ')} did not finish within ${LIMIT_MS / 1000} s`));
        else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const run = await kopher(['--version']);
  assert.equal([run.status, run.stdout, run.stderr], [0, `kopher-v2g ${version}\n`, '']);
});

test('help and --help list every command on stdout, exit 0', async () => {
  for (const run of await Promise.all([['help'], ['--help'], ['-h']].map(kopher))) {
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Usage: kopher-v2g <command>/);
    for (const command of [...COMMANDS, 'help']) assert.match(run.stdout, new RegExp(`\\n  ${command} `), command);
  }
});

test('help COMMAND and COMMAND --help print that command\'s options, exit 0', async () => {
  const runs = await Promise.all(COMMANDS.map((command) => Promise.all([kopher(['help', command]), kopher([command, '--help'])])));
  for (const [i, [viaHelp, viaOption]] of runs.entries()) {
    const command = COMMANDS[i];
    assert.is(viaHelp.status, 0, `${command}: ${viaHelp.stderr}`);
    assert.match(viaHelp.stdout, new RegExp(`^Usage: kopher-v2g ${command}`), command);
    assert.equal([viaOption.status, viaOption.stdout], [0, viaHelp.stdout], command);
  }
});

test('every usage error: the reason and the usage line on stderr, nothing on stdout, exit 2', async () => {
  const cases: [args: string[], usage: string, reason: RegExp][] = [
    [['frobnicate'], 'kopher-v2g <command>', /^kopher-v2g: unknown command "frobnicate"$/],
    [['--frobnicate'], 'kopher-v2g <command>', /^kopher-v2g: unknown option --frobnicate$/],
    [['help', 'frobnicate'], 'kopher-v2g <command>', /^kopher-v2g: unknown command "frobnicate"$/],
    [['secc', '--frobnicate'], 'kopher-v2g secc', /^kopher-v2g secc: .*--frobnicate/],
    [['secc', '--speed', 'fast'], 'kopher-v2g secc', /^kopher-v2g secc: --speed fast: a positive number$/],
    [['secc', '--protocols', 'din,iso3', '--host', '::1'], 'kopher-v2g secc', /^kopher-v2g secc: --protocols: "iso3"/],
    [['secc', '--mode', 'hvdc'], 'kopher-v2g secc', /^kopher-v2g secc: --mode hvdc/],
    [['evcc', '--frobnicate'], 'kopher-v2g evcc', /^kopher-v2g evcc: .*--frobnicate/],
    [['evcc', '--protocols', 'iso3', '--sdp-target', '::1'], 'kopher-v2g evcc', /^kopher-v2g evcc: --protocols: "iso3"/],
    [['evcc', '--sdp-port', 'x', '--sdp-target', '::1'], 'kopher-v2g evcc', /^kopher-v2g evcc: --sdp-port x: a number of at least 0$/],
    [['evcc', '--inspect', '70000'], 'kopher-v2g evcc', /^kopher-v2g evcc: --inspect 70000: a TCP port$/],
    [['demo', '--protocol', 'iso20'], 'kopher-v2g demo', /^kopher-v2g demo: --protocol iso20/],
    [['demo', '--speed'], 'kopher-v2g demo', /^kopher-v2g demo: .*--speed/],
    [['decode'], 'kopher-v2g decode', /^kopher-v2g decode: one capture file expected$/],
    [['decode', '--layer', 'tcp', 'x.pcap'], 'kopher-v2g decode', /^kopher-v2g decode: unknown layer tcp$/],
    [['exi', 'transcode'], 'kopher-v2g exi', /^kopher-v2g exi: unknown action "transcode"$/],
    [['statecharts', '--frobnicate'], 'kopher-v2g statecharts', /^kopher-v2g statecharts: .*--frobnicate/],
    [['inspect', '--frobnicate'], 'kopher-v2g inspect', /^kopher-v2g inspect: .*--frobnicate/],
  ];
  const runs = await Promise.all(cases.map(([args]) => kopher(args)));
  for (const [i, [args, usage, reason]] of cases.entries()) {
    const run = runs[i];
    const lines = run.stderr.trimEnd().split('\n');
    const what = `kopher-v2g ${args.join(' ')}: ${run.stderr}`;
    assert.is(run.status, 2, what);
    assert.is(run.stdout, '', what);
    assert.is(lines.length, 2, what);
    assert.match(lines[0], reason, what);
    assert.ok(lines[1].startsWith(`Usage: ${usage}`) && lines[1].includes("'kopher-v2g help"), what);
  }
});

test('a runtime failure keeps its own exit code: 1 for a capture file that cannot be read', async () => {
  const run = await kopher(['decode', '/nonexistent/capture.pcapng']);
  assert.is(run.status, 1, run.stderr);
  assert.is(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
});

test('the channel\'s routine "channel closed: …" line only with --verbose', async () => {
  const fast = ['demo', '--speed', '1000', '--loop-interval', '5', '--json'];
  const [quiet, verbose] = await Promise.all([kopher(fast), kopher([...fast, '--verbose'])]);
  assert.equal([quiet.status, verbose.status], [0, 0], quiet.stderr + verbose.stderr);
  assert.not.match(quiet.stderr, /channel closed: /);
  assert.match(verbose.stderr, /^channel closed: SessionStop done$/m);
});

test('the capture options say what a capture holds', async () => {
  for (const command of ['demo', 'evcc', 'secc']) {
    const help = (await kopher(['help', command])).stdout;
    assert.match(help, /--pcap FILE +pcapng/, command);
    assert.match(help, /SSLKEYLOGFILE/, command);
  }
});

test.run();
