/**
 * One station over two worker processes (node:cluster) on [::1]: our EVCCs find it by SDP from the primary and are
 * served by whichever worker node:cluster hands their connection to. Sessions land on both workers and end at
 * SessionStop; an EV paused on one worker resumes on the other through the primary's paused SessionID; a worker
 * killed mid-charge takes only its own sessions along; closing leaves no process, no listening port.
 *
 * The workers run dist/test/stack/cluster-station.worker.js (compiled), and report each session's end to the test.
 */
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSeccCluster, SeccClusterError, type SeccCluster, type SeccClusterOptions, type SeccWorkerExit } from '../../actors/stack/secc-cluster.js';
import { simulatedBattery } from '../../cli/simulation.js';
import { generateTestPki, seccTlsCredentials } from '../../crypto/index.js';
import type { Endpoint } from '../../base/connection-events.js';
import { isDynamicPort } from '../../transport/dynamic-ports.js';
import { within } from '../shared/async.js';
import type { ClusterTestData, ClusterTestReport } from './cluster-station.worker.js';
import { chargeEv, heldPhysics, pausingInLoop, SESSION_BOUND_MS } from './harness.js';

/**
 * Forking two Node processes and loading the stack in each (the TLS test's workers fail only after that): on a shared
 * two-core machine under other runs' load this took over 10 s. The station's own start bound is set to this, so that
 * a slow start fails as a start that cleans up after itself; the test's bound above it only catches one that never ends.
 */
const START_BOUND_MS = 60_000;
/** The station's start bound, its closing of the workers that did start (5 s at most, then killed), and room. */
const START_HANG_MS = START_BOUND_MS + 15_000;

/** Ends every worker this process forked: a test that failed half-way may not leave processes serving behind it. */
function killWorkers(): void {
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
}

test.after.each(killWorkers);

interface TestCluster {
  readonly station: SeccCluster<ClusterTestReport>;
  /** Every session's end, as its worker reported it. */
  readonly reports: ClusterTestReport[];
  readonly exits: SeccWorkerExit[];
  readonly lines: string[];
  /** Resolves once `n` sessions have been reported. */
  reported(n: number): Promise<ClusterTestReport[]>;
}

async function startTestCluster(overrides: Partial<SeccClusterOptions<ClusterTestData>> = {}): Promise<TestCluster> {
  const lines: string[] = [];
  const starting = startSeccCluster<ClusterTestData, ClusterTestReport>({
    workers: 2,
    workerModule: new URL('./cluster-station.worker.js', import.meta.url),
    workerData: { mode: 'dc' },
    host: '::1',
    sdpPort: 0,
    log: (line) => lines.push(line),
    startBoundMs: START_BOUND_MS,
    ...overrides,
  });
  let station: SeccCluster<ClusterTestReport>;
  try {
    station = await within(starting, 'the cluster station starting', START_HANG_MS);
  } catch (error) {
    // A start still going would come up after the test with nobody to close it, its workers keeping this process
    // alive: ending them fails it, and should it come up all the same, it is closed.
    killWorkers();
    void starting.then((late) => late.close()).catch(() => undefined);
    throw error;
  }
  const reports: ClusterTestReport[] = [];
  const exits: SeccWorkerExit[] = [];
  let wake: () => void = () => undefined;
  station.messages$.subscribe(({ message }) => {
    reports.push(message);
    wake();
  });
  station.exits$.subscribe((exit) => exits.push(exit));
  return {
    station,
    reports,
    exits,
    lines,
    reported: (n) =>
      within(
        (async () => {
          while (reports.length < n) await new Promise<void>((resolve) => (wake = resolve));
          return reports;
        })(),
        `${n} sessions reported by the workers`,
        SESSION_BOUND_MS,
      ),
  };
}

/** Whether the process runs; one that ended and waits to be reaped (a zombie, as an orphan may stay here) does not. */
function isRunning(pid: number): boolean {
  try {
    // The state follows the command's name, which is in parentheses and may hold spaces (proc(5)).
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `done` holds, looking every 50 ms (another process's end gives this one no event). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
}

function firstLine(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    stream.once('end', () => reject(new Error(`ended before a line: ${JSON.stringify(text)}`)));
  });
}

function refused(address: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.address, port: address.port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

test('two workers serve EVs side by side: every session ends at SessionStop, on both workers, numbered apart', async () => {
  const test = await startTestCluster();
  try {
    const choices = ['din', 'iso2-dc', 'din', 'iso2-dc'] as const;
    const runs = await Promise.all(choices.map((choice) => chargeEv(test.station, choice)));
    for (const { result } of runs) assert.is(result.outcome.result, 'stopped', `EV outcome: ${JSON.stringify(result.outcome)}`);
    const reports = await test.reported(choices.length);
    for (const report of reports) assert.is(report.result, 'stopped', `SECC outcome: ${JSON.stringify(report)}`);
    assert.equal(new Set(reports.map((r) => r.slot)), new Set([1, 2]), 'sessions landed on both workers');
    assert.is(new Set(reports.map((r) => r.index)).size, choices.length, 'no two sessions share a number');
    for (const r of reports) assert.is(r.index % 2, r.slot % 2, `worker ${r.slot} numbers its sessions apart: ${r.index}`);
    assert.equal(test.exits, [], 'no worker died');
  } finally {
    await test.station.close();
  }
});

test('an EV paused on one worker resumes on the other (OK_OldSessionJoined); once terminated, its SessionID opens a new session', async () => {
  const test = await startTestCluster();
  // Held until the pause, so that the small window cannot fill before the EV pauses in its loop.
  const physics = heldPhysics();
  const battery = simulatedBattery(physics.clock, 'dc', { initialSoc: 50, targetSoc: 52 });
  try {
    const paused = await chargeEv(test.station, 'iso2-dc', { battery, ...pausingInLoop(physics.release) });
    assert.is(paused.result.outcome.result, 'paused', `first run: ${JSON.stringify(paused.result.outcome)}`);
    const sessionId = paused.result.outcome.sessionId;
    const [first] = await test.reported(1);
    assert.is(first?.result, 'paused');

    const resumed = await chargeEv(test.station, 'iso2-dc', { battery, resumeSessionId: sessionId });
    assert.is(resumed.result.outcome.result, 'stopped', `second run: ${JSON.stringify(resumed.result.outcome)}`);
    assert.is(resumed.result.messages.find((m) => m.name === 'SessionSetupRes')?.responseCode, 'OK_OldSessionJoined');
    assert.equal(resumed.result.outcome.sessionId, sessionId, 'the resumed session keeps its SessionID');
    const second = (await test.reported(2))[1];
    assert.is(second?.result, 'stopped');
    assert.is.not(second?.slot, first?.slot, `paused on worker ${first?.slot}, resumed on the other`);

    const again = await chargeEv(test.station, 'iso2-dc', { resumeSessionId: sessionId });
    assert.is(again.result.messages.find((m) => m.name === 'SessionSetupRes')?.responseCode, 'OK_NewSessionEstablished');
  } finally {
    battery.stop();
    await test.station.close();
  }
});

test('a worker killed mid-charge loses its own sessions only: the others reach SessionStop, the station serves on', async () => {
  const test = await startTestCluster();
  const evs = 4;
  // Each battery's physics stands still until the kill, so that no session can reach its target before every EV
  // charges, however slowly a busy host starts them; from then on they fill to 54 % and stop.
  const physics = Array.from({ length: evs }, () => heldPhysics());
  const batteries = physics.map(({ clock }) => simulatedBattery(clock, 'dc', { initialSoc: 50, targetSoc: 54 }));
  try {
    let inLoop = 0;
    let killed: number | undefined;
    // Each EV counts itself in at its first CurrentDemandRes; once all are charging, worker 1 is killed.
    const runs = batteries.map((battery) => {
      let counted = false;
      return chargeEv(test.station, 'iso2-dc', {
        battery,
        onMessage: (m) => {
          if (m.name !== 'CurrentDemandRes' || counted) return;
          counted = true;
          if (++inLoop < evs) return;
          killed = test.station.workers().get(1);
          if (killed) process.kill(killed, 'SIGKILL');
          for (const { release } of physics) release();
        },
      });
    });
    const outcomes = (await Promise.all(runs)).map(({ result }) => result.outcome);
    assert.ok(killed, 'worker 1 was killed with every EV charging');
    // Round robin gives each worker one connection at least; how many more depends on which acknowledged first.
    const stopped = outcomes.filter((o) => o.result === 'stopped').length;
    assert.ok(stopped >= 1 && stopped < evs, `some EVs on worker 1 failed, those on worker 2 did not: ${JSON.stringify(outcomes)}`);
    for (const o of outcomes.filter((o) => o.result !== 'stopped')) assert.is(o.result, 'failed');
    const reports = await test.reported(stopped);
    assert.equal(
      reports.map((r) => [r.slot, r.result]),
      Array.from({ length: stopped }, () => [2, 'stopped']),
      'every session that ended was one of worker 2, at SessionStop',
    );
    await within(new Promise<void>((resolve) => (test.exits.length > 0 ? resolve() : test.station.exits$.subscribe(() => resolve()))), 'the exit seen', 2_000);
    assert.equal(test.exits, [{ slot: 1, pid: killed, reason: 'killed by SIGKILL' }]);
    assert.ok(test.lines.some((l) => l.startsWith('SECC worker 1') && l.includes('killed by SIGKILL')), test.lines.join('\n'));
    assert.equal([...test.station.workers().keys()], [2]);

    const after = await chargeEv(test.station, 'din');
    assert.is(after.result.outcome.result, 'stopped', 'a new EV is served by the worker left');
  } finally {
    for (const battery of batteries) battery.stop();
    await test.station.close();
  }
});

test('close: SDP, the shared port and every worker process are gone', async () => {
  const test = await startTestCluster();
  const pids = [...test.station.workers().values()];
  const { address } = test.station;
  assert.is(pids.length, 2);
  assert.is((await chargeEv(test.station, 'din')).result.outcome.result, 'stopped');
  await within(test.station.close(), 'the cluster station closing', 6_000);
  await within(test.station.ended, 'ended', 100);
  for (const pid of pids) assert.not.ok(isRunning(pid), `worker process ${pid} has exited`);
  assert.equal(Object.keys(cluster.workers ?? {}), [], 'node:cluster knows no worker');
  assert.ok(await refused(address), 'nobody accepts on the V2G port');
  assert.is(test.station.workers().size, 0);
});

test('a worker sent SIGTERM on its own closes its sessions and leaves; the station serves on with the other', async () => {
  const test = await startTestCluster();
  try {
    const pid = test.station.workers().get(1)!;
    const exited = new Promise<SeccWorkerExit>((resolve) => test.station.exits$.subscribe(resolve));
    process.kill(pid, 'SIGTERM');
    assert.equal(await within(exited, 'the worker leaving on SIGTERM', SESSION_BOUND_MS), { slot: 1, pid, reason: 'exited with code 0' });
    assert.equal([...test.station.workers().keys()], [2]);
    assert.is((await chargeEv(test.station, 'din')).result.outcome.result, 'stopped', 'a new EV is served by the worker left');
  } finally {
    await test.station.close();
  }
});

test('a primary killed outright (SIGKILL) takes its workers along: they end with its IPC channel', async () => {
  const primary = spawn(process.execPath, [fileURLToPath(new URL('./cluster-primary.process.js', import.meta.url)), String(START_BOUND_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let workers: number[] = [];
  try {
    const started = JSON.parse(await within(firstLine(primary.stdout), 'the primary started', START_HANG_MS)) as { primary: number; workers: number[] };
    workers = started.workers;
    assert.is(workers.length, 2);
    for (const pid of workers) assert.ok(isRunning(pid), `worker ${pid} runs`);
    primary.kill('SIGKILL');
    // The channel closes with the primary; a busy host may take a while to schedule the workers, hence the room.
    await within(until(() => workers.every((pid) => !isRunning(pid))), `workers ${workers.join(', ')} ending after their primary`, 30_000);
  } finally {
    primary.kill('SIGKILL');
    for (const pid of workers.filter(isRunning)) process.kill(pid, 'SIGKILL');
  }
});

test('the shared V2G TCP and TLS ports are in the dynamic range; each worker keeps the per-peer bound', async () => {
  const pki = await generateTestPki();
  const test = await startTestCluster({ tls: { credentials: seccTlsCredentials(pki) }, limits: { maxConnectionsPerPeer: 1 } });
  const sockets: ReturnType<typeof connect>[] = [];
  try {
    const { address, tlsAddress } = test.station;
    assert.ok(isDynamicPort(address.port) && isDynamicPort(tlsAddress?.port ?? 0), `ports ${address.port} and ${tlsAddress?.port}`);
    // Six silent connections from ::1 over two workers with one each: four or five are closed at once (five when
    // node:cluster handed them all to one worker), and one or two stay.
    let closed = 0;
    let wake: () => void = () => undefined;
    for (let n = 0; n < 6; n++) {
      const socket = connect({ host: address.address, port: address.port });
      socket.on('error', () => undefined);
      socket.once('close', () => {
        closed++;
        wake();
      });
      sockets.push(socket);
    }
    await within(
      (async () => {
        while (closed < 4) await new Promise<void>((resolve) => (wake = resolve));
      })(),
      'four connections closed by the workers',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(closed <= 5, `one connection at least was admitted: ${closed} of 6 closed`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await test.station.close();
  }
});

test('a worker that cannot listen (TLS credentials unusable) fails the start with SeccClusterError, and no worker is left', async () => {
  const before = Object.keys(cluster.workers ?? {}).length;
  try {
    await startTestCluster({ tls: { credentials: { key: 'not a key', certChain: ['not a certificate'] } } });
    assert.unreachable('the station started');
  } catch (error) {
    assert.instance(error, SeccClusterError);
    assert.match((error as Error).message, /^SECC worker [12]: /);
  }
  assert.is(Object.keys(cluster.workers ?? {}).length, before, 'the workers that did start were closed');
});

test.run();
