/**
 * Raw Ethernet: the typed errors where it cannot be had, and an end-to-end pairing on real frames between two
 * network namespaces joined by a veth pair (EV host in one; EVSE host with the software modem in the other). Where
 * namespaces cannot be made (not root, no `ip`), the namespace tests print why and skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RawEthernetUnavailableError } from '../../transport/ethernet/af-packet.js';

const here = dirname(fileURLToPath(import.meta.url));
const EV_MAC = '02:00:00:00:0e:01';
const EVSE_MAC = '02:00:00:00:5e:01';
const LIMIT_MS = 10_000;

test('an interface that does not exist: RawEthernetUnavailableError, reason "interface"', async () => {
  const { openAfPacketPort } = await import('../../transport/ethernet/af-packet.js');
  const err = await openAfPacketPort('kopher-none0').then(() => undefined, (e: unknown) => e);
  assert.instance(err, RawEthernetUnavailableError);
  assert.is((err as RawEthernetUnavailableError).reason, process.platform === 'linux' ? 'interface' : 'platform');
  assert.match((err as Error).message, 'kopher-none0');
});

test('without CAP_NET_RAW: RawEthernetUnavailableError, reason "permission"', () => {
  const why = cannotDropPrivileges();
  if (why !== undefined) return void console.log(`NOTICE: permission test skipped: ${why}`);
  const script = `import(${JSON.stringify(join(here, '../../transport/ethernet/af-packet.js'))})
    .then((m) => m.openAfPacketPort('lo')).then(() => console.log('opened'), (e) => console.log(e.reason))`;
  const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  assert.is(run.stdout.trim(), 'permission', run.stderr);
});

test('EV and EVSE pair on real frames across a veth pair between two network namespaces', async () => {
  const why = cannotMakeNamespaces();
  if (why !== undefined) return void console.log(`NOTICE: veth pairing skipped: ${why}`);
  const id = `${process.pid % 100_000}`;
  const [evNs, evseNs, evIf, evseIf] = [`kv-ev-${id}`, `kv-evse-${id}`, `kve${id}`, `kvs${id}`];
  const children: ChildProcess[] = [];
  try {
    ip('netns', 'add', evNs);
    ip('netns', 'add', evseNs);
    ip('link', 'add', evIf, 'address', EV_MAC, 'type', 'veth', 'peer', 'name', evseIf, 'address', '02:00:00:00:5e:f0');
    ip('link', 'set', evIf, 'netns', evNs);
    ip('link', 'set', evseIf, 'netns', evseNs);
    ip('-n', evNs, 'link', 'set', evIf, 'up');
    ip('-n', evseNs, 'link', 'set', evseIf, 'up');

    const evse = host(children, evseNs, 'evse-host.js', [evseIf, EV_MAC, EVSE_MAC, `${LIMIT_MS}`]);
    // The charger is up before the car arrives: its CM_SLAC_PARAM.REQ retries last only 600 ms.
    await evse.line((l) => l === 'ready');
    const ev = host(children, evNs, 'ev-host.js', [evIf, `${LIMIT_MS}`]);
    const evResult = JSON.parse(await ev.line((l) => l.startsWith('{')));
    const evseResult = JSON.parse(await evse.line((l) => l.startsWith('{')));
    assert.is(evResult.result, 'matched', JSON.stringify(evResult));
    assert.is(evResult.evseMac, EVSE_MAC);
    assert.equal(evseResult, { result: 'matched', evMac: EV_MAC, nmk: evResult.nmk });
    console.log(`veth pairing: CM_SLAC_PARAM.REQ to matched in ${evResult.ms.toFixed(0)} ms (system clock, 2 processes)`);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', evNs]);
    spawnSync('ip', ['netns', 'del', evseNs]);
  }
});

/** A host process in a namespace; `line` waits (bounded) for the first stdout line that passes `match`. */
function host(children: ChildProcess[], ns: string, script: string, args: string[]) {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, join(here, 'veth', script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.on('exit', () => {
    for (const w of waiters.splice(0)) w();
  });
  return {
    line(match: (line: string) => boolean): Promise<string> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: no such line within ${LIMIT_MS + 5_000} ms; stderr: ${stderr}`)), LIMIT_MS + 5_000);
        const check = (): void => {
          const found = lines.find(match);
          if (found !== undefined) {
            clearTimeout(timer);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`${script} exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
  };
}

function ip(...args: string[]): void {
  const run = spawnSync('ip', args, { encoding: 'utf8', timeout: 5_000 });
  if (run.status !== 0) throw new Error(`ip ${args.join(' ')}: ${run.stderr || run.error?.message}`);
}

function cannotMakeNamespaces(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (network namespaces and raw sockets need it)';
  const probe = `kv-probe-${process.pid}`;
  const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8', timeout: 5_000 });
  if (made.error !== undefined) return `no ip command (${made.error.message})`;
  if (made.status !== 0) return `ip netns add is not permitted here: ${made.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

function cannotDropPrivileges(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root, so there are no privileges to drop';
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true'], { timeout: 5_000 });
  return probe.status === 0 ? undefined : 'setpriv cannot drop to nobody here';
}

test.run();
