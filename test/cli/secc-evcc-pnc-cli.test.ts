/**
 * `kopher-v2g secc --pnc DIR` and `kopher-v2g evcc --pnc DIR [--install]` as a user runs them, each in its own
 * process, over a lab folder `pki init` wrote (no OCSP responder named, so none is asked): ISO 15118-2 over TLS 1.2
 * with a contract installed first and written back into the folder, then a session with that stored contract, and
 * ISO 15118-20 over TLS 1.3 installing one too (only PnC installs). All end with SessionStop after energy flowed; --pnc without TLS and with --workers are refused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { within } from '../shared/async.js';
import { projectRoot } from '../shared/shared-dir.js';

const CLI = join(projectRoot, 'dist', 'bin', 'kopher-v2g.js');
const BOUND_MS = 60_000;

interface Report {
  readonly protocol: string;
  readonly result: string;
  readonly energyWh: number;
  readonly messages: readonly { readonly name: string }[];
}

type Run = (evccArgs: readonly string[]) => Promise<{ ev: Report; station: Report }>;

/** A lab folder of `profile` and a station with `seccArgs` on ::1; each `run` is one EV session: both reports. */
async function pncStation(profile: 'iso2' | 'iso20', seccArgs: readonly string[], check: (lab: string, run: Run) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-pnc-cli-'));
  const lab = join(dir, 'lab');
  let station: ReturnType<typeof spawn> | undefined;
  try {
    const init = spawnSync(process.execPath, [CLI, 'pki', 'init', lab, '--profile', profile, '--ocsp-url', 'none'], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(init.status, 0, init.stderr);
    const secc = spawn(process.execPath, [CLI, 'secc', '--host', '::1', '--sdp-port', '0', '--pnc', lab, '--json', ...seccArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    station = secc;
    let stdout = '';
    let stderr = '';
    secc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    secc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const until = (done: () => boolean, what: string): Promise<void> =>
      within(
        (async () => {
          while (!done()) {
            if (secc.exitCode !== null) throw new Error(`the station ended: ${stderr}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })(),
        what,
        BOUND_MS,
      );
    await until(() => /SDP on port \d+/.test(stderr), 'the station announcing itself');
    const sdpPort = /SDP on port (\d+)/.exec(stderr)![1]!;
    let sessions = 0;
    await check(lab, async (evccArgs) => {
      const ev = spawnSync(
        process.execPath,
        [CLI, 'evcc', '--sdp-target', '::1', '--sdp-port', sdpPort, '--pnc', lab, '--speed', '1000', '--loop-interval', '5', '--json', ...evccArgs],
        { encoding: 'utf8', timeout: BOUND_MS },
      );
      assert.is(ev.status, 0, ev.stderr);
      sessions += 1;
      await until(() => stdout.split('\n').length > sessions, "the station's JSON line");
      return { ev: JSON.parse(ev.stdout) as Report, station: JSON.parse(stdout.split('\n')[sessions - 1]!) as Report };
    });
  } finally {
    station?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const names = (report: Report): string[] => report.messages.map((m) => m.name);

const contractChain = (lab: string): string => readFileSync(join(lab, 'ContractChain.pem'), 'utf8');

test('ISO 15118-2 over TLS 1.2: evcc --pnc --install installs a contract into the folder; the next session charges with it', async () => {
  await pncStation('iso2', ['--protocols', 'iso2', '--tls'], async (lab, run) => {
    const before = contractChain(lab);
    const installing = await run(['--protocols', 'iso2', '--tls', '--install']);
    assert.equal([installing.ev.protocol, installing.ev.result], ['iso2', 'stopped']);
    assert.ok(installing.ev.energyWh > 0, `charged ${installing.ev.energyWh} Wh`);
    for (const name of ['CertificateInstallationReq', 'PaymentDetailsReq', 'AuthorizationReq']) assert.ok(names(installing.ev).includes(name), name);
    assert.equal([installing.station.protocol, installing.station.result], ['iso2', 'stopped']);
    const installed = contractChain(lab);
    assert.is.not(installed, before, 'the installed contract replaced the folder’s');
    const held = await run(['--protocols', 'iso2', '--tls']);
    assert.equal([held.ev.protocol, held.ev.result], ['iso2', 'stopped']);
    assert.ok(names(held.ev).includes('PaymentDetailsReq'), 'Contract payment with the stored contract');
    assert.not.ok(names(held.ev).includes('CertificateInstallationReq'));
    assert.is(contractChain(lab), installed);
  });
});

test('ISO 15118-20 over TLS 1.3: evcc --pnc --install installs a contract (PnC only) and charges with it', async () => {
  await pncStation('iso20', ['--protocols', 'iso20'], async (lab, run) => {
    const before = contractChain(lab);
    const { ev, station } = await run(['--protocols', 'iso20', '--install']);
    assert.equal([ev.protocol, ev.result], ['iso20-dc', 'stopped']);
    assert.ok(ev.energyWh > 0, `charged ${ev.energyWh} Wh`);
    for (const name of ['CertificateInstallationReq', 'AuthorizationReq']) assert.ok(names(ev).includes(name), name);
    assert.equal([station.protocol, station.result], ['iso20-dc', 'stopped']);
    assert.is.not(contractChain(lab), before, 'the installed contract replaced the folder’s');
  });
});

test('--pnc without TLS, --pnc with --workers and --install without --pnc are usage errors, exit 2', () => {
  const runs = [
    { args: ['secc', '--protocols', 'iso2', '--pnc', 'lab'], reason: /--pnc needs TLS/ },
    { args: ['evcc', '--protocols', 'din,iso2', '--pnc', 'lab'], reason: /--pnc needs TLS/ },
    { args: ['secc', '--tls', '--pnc', 'lab', '--workers', '2'], reason: /--pnc does not work with --workers/ },
    { args: ['evcc', '--install'], reason: /--install needs --pnc/ },
  ];
  for (const { args, reason } of runs) {
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr.split('\n')[0] ?? '', reason);
  }
});

test('secc --tls --pnc on a folder without a lab PKI exits 1 naming the missing file, and makes no PKI there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-pnc-cli-'));
  try {
    const lab = join(dir, 'lab');
    const run = spawnSync(process.execPath, [CLI, 'secc', '--host', '::1', '--sdp-port', '0', '--tls', '--pnc', lab], { encoding: 'utf8', timeout: BOUND_MS });
    assert.is(run.status, 1, run.stderr);
    assert.match(run.stderr, /MORootCA\.pem/);
    assert.not.ok(existsSync(lab), 'no test PKI written into the --pnc folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
