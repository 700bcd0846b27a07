/**
 * The SLCAN transport against a real, independent peer: python-can's `slcan` bus (Debian python3-can and
 * python3-serial) on the other end of a pseudo-terminal pair made by socat, playing the BMS, VCU and EMS of the
 * example matrix with frames it packs by hand (test/can/peer/bms.py). Our EVCC reads the vehicle from those frames
 * and charges a whole DIN and ISO 15118-2 DC session at the test station; its commands (contactors, control pilot,
 * energy flowing) reach the python side, which integrates the energy they say flows. And the python BMS falling silent
 * mid-charge ends the session the standard's way; and the evcc command does the same over --slcan. python-can 4.1's
 * slcan has no CAN FD, so FD lines go between two of our own ports over a pseudo-terminal pair. Where python-can or
 * socat is absent, the tests say so and skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, take, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../base/clock.js';
import { createCanVehicle, type CanVehicle } from '../../adapters/can/can-vehicle.js';
import type { DemoProtocol } from '../../cli/protocol-choice.js';
import { EXAMPLE_DBC, EXAMPLE_MAP } from '../../cli/vehicle-network.js';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { openSlcanPort } from '../../transport/can/slcan.js';
import { CanUnavailableError } from '../../transport/can/can-port.js';
import { within } from '../shared/async.js';
import { namesOf, startTestStation } from '../stack/harness.js';
import { chargeWith, evStatuses, EXAMPLE_NETWORK, faultedFromSomePoint } from './over-can.js';

const here = dirname(fileURLToPath(import.meta.url));
// The script is not compiled: it lives beside the test's source.
const BMS_SCRIPT = join(here, '..', '..', '..', 'test', 'can', 'peer', 'bms.py');
const PEER_LIMIT_S = 20;
const SESSION_BOUND_MS = 10_000;
const CLI = join(here, '..', '..', 'bin', 'kopher-v2g.js');

/** A python with python-can and pyserial (Debian's, not a version manager's without them), or why there is none. */
function findPython(): { python: string } | { why: string } {
  if (spawnSync('socat', ['-V'], { encoding: 'utf8', timeout: 5_000 }).status !== 0) return { why: 'socat is not installed (apt-get install socat)' };
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import can, serial'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0) return { python };
  }
  return { why: 'python-can is not installed (apt-get install python3-can python3-serial)' };
}

const found = findPython();

/** Each JSON line a process prints, as it comes. */
function jsonLines(child: ChildProcess): { next(what: string, pick: (event: Record<string, unknown>) => boolean, ms: number): Promise<Record<string, unknown>>; all: Record<string, unknown>[] } {
  const all: Record<string, unknown>[] = [];
  const waiting: Array<{ pick: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    all.push(event);
    for (const w of [...waiting]) if (w.pick(event)) waiting.splice(waiting.indexOf(w), 1), w.resolve(event);
  });
  return {
    all,
    next: (what, pick, ms) => within(new Promise((resolve) => {
      const seen = all.find(pick);
      if (seen) resolve(seen);
      else waiting.push({ pick, resolve });
    }), what, ms),
  };
}

/** A pseudo-terminal pair (`evcc` and `bms` ends) and the python BMS on its `bms` end; everything ends with `close`. */
async function peer(python: string, mode: 'normal' | 'silent') {
  const dir = mkdtempSync(join(tmpdir(), 'kopher-slcan-'));
  const [evccEnd, bmsEnd] = [join(dir, 'evcc'), join(dir, 'bms')];
  const socat = spawn('socat', [`pty,raw,echo=0,link=${evccEnd}`, `pty,raw,echo=0,link=${bmsEnd}`], { stdio: 'ignore' });
  let bms: ChildProcess | undefined;
  const stderr: string[] = [];
  const close = (): void => {
    bms?.kill('SIGKILL');
    socat.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await within(new Promise<void>((resolve) => {
      const poll = (): void => void (existsSync(evccEnd) && existsSync(bmsEnd) ? resolve() : setTimeout(poll, 20));
      poll();
    }), 'socat pseudo-terminals', 5_000);
    bms = spawn(python, [BMS_SCRIPT, bmsEnd, mode, String(PEER_LIMIT_S)], { stdio: ['ignore', 'pipe', 'pipe'] });
    bms.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const events = jsonLines(bms);
    await events.next('the python BMS ready', (e) => e.event === 'ready', 10_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${stderr.join('')}`);
    });
    return { evccEnd, events, stderr, close };
  } catch (err) {
    close();
    throw err;
  }
}

type Peer = Awaited<ReturnType<typeof peer>>;

/** A test station, the python vehicle in `mode` and our SLCAN port and CAN vehicle on its other end, closed after `body`. */
async function withPythonVehicle(python: string, mode: 'normal' | 'silent', body: (side: Peer, vehicle: CanVehicle, sdpPort: number) => Promise<void>): Promise<void> {
  const station = await startTestStation('dc');
  const side = await peer(python, mode).catch(async (err: unknown) => {
    await station.close();
    throw err;
  });
  const port = openSlcanPort(side.evccEnd);
  const vehicle = createCanVehicle({ map: EXAMPLE_NETWORK, port, clock: systemClock });
  try {
    await body(side, vehicle, station.station.sdpPort);
  } finally {
    vehicle.stop();
    port.close();
    side.close();
    await station.close();
  }
}

for (const choice of ['din', 'iso2-dc'] as const satisfies readonly DemoProtocol[]) {
  test(`SLCAN with python-can as the vehicle: a whole ${choice} charge from its frames, our commands reaching it`, async () => {
    if ('why' in found) return void console.log(`NOTICE: SLCAN peer test skipped: ${found.why}`);
    await withPythonVehicle(found.python, 'normal', async (side, vehicle, sdpPort) => {
      const first = await within(vehicle.firstStatus(5_000), 'first status from python-can', 6_000);
      assert.is(first.soc, 50);
      assert.equal([first.maxVoltage, first.maxCurrent, first.maxPower, first.energyCapacity], [450, 250, 100_000, 40_000], 'the Motorola limits and the kWh scaling');
      assert.equal([first.departureTime, vehicle.extras.v2xPermission], [7_200, 1], 'the EMS frame on a 29-bit identifier');
      const result = await chargeWith(vehicle, sdpPort, choice, SESSION_BOUND_MS);
      assert.is(result.outcome.result, 'stopped', result.outcome.reason);
      assert.ok(evStatuses(result.messages).every((s) => s === 'true NO_ERROR'));
      const summary = await side.events.next('the python summary', (e) => e.event === 'summary', 5_000);
      // The python side saw the session's commands in order: pilot C, contactors closed, energy on, then all undone.
      const commands = (summary.commands as Array<[boolean, string, boolean]>).map(([c, p, e]) => `${c ? 'closed' : 'open'} ${p} ${e ? 'charging' : 'idle'}`);
      assert.equal(commands.at(-1), 'open B idle');
      for (const step of ['open C idle', 'closed C idle', 'closed C charging']) assert.ok(commands.includes(step), `${step} in ${commands.join(' / ')}`);
      assert.ok((summary.soc as number) >= 52, `the python battery charged by our commands to ${summary.soc} %`);
      assert.ok(summary.aliveCounterRolls, 'the alive counter counted up one per frame');
      // The session stopped on the python BMS's word: its SoC reached the target, its stop request came over. Its
      // BMS_SoC signal carries the SoC rounded to the nearest 0.1 %, so ours may read up to half a step above its own.
      const signalHalfStep = 0.05 + 1e-9;
      assert.ok(vehicle.status!.soc >= 52 && vehicle.status!.soc <= (summary.soc as number) + signalHalfStep, `our last SoC ${vehicle.status!.soc}, the python's ${summary.soc}`);
      assert.equal(vehicle.faults, []);
      console.log(`SLCAN peer (${choice}): ${result.messages.length} V2G messages, python-can received ${summary.framesReceived} frames, SoC 50 → ${summary.soc} %`);
    });
  });
}

test('SLCAN with python-can: the python BMS falls silent mid-charge, the session stops with FAILED_EVRESSMalfunction', async () => {
  if ('why' in found) return void console.log(`NOTICE: SLCAN peer test skipped: ${found.why}`);
  await withPythonVehicle(found.python, 'silent', async (side, vehicle, sdpPort) => {
    await within(vehicle.firstStatus(5_000), 'first status from python-can', 6_000);
    const result = await chargeWith(vehicle, sdpPort, 'din', SESSION_BOUND_MS);
    await side.events.next('the python BMS silent', (e) => e.event === 'silent', 1_000);
    assert.is(result.outcome.result, 'stopped', result.outcome.reason);
    const statuses = evStatuses(result.messages);
    assert.ok(faultedFromSomePoint(statuses, 'FAILED_EVRESSMalfunction'), statuses.join(', '));
    assert.equal(namesOf(result.messages).slice(-2), ['SessionStopReq', 'SessionStopRes']);
    assert.is(vehicle.faults[0]?.kind, 'timeout');
    const summary = await side.events.next('the python summary', (e) => e.event === 'summary', 5_000);
    assert.equal((summary.commands as unknown[]).at(-1), [false, 'B', false], 'contactors open, pilot B at the end');
  });
});

test('the evcc command over SLCAN: --slcan PTY --dbc --map charges the python-can vehicle, exit 0', async () => {
  if ('why' in found) return void console.log(`NOTICE: SLCAN peer test skipped: ${found.why}`);
  const station = await startTestStation('dc');
  const side = await peer(found.python, 'normal');
  try {
    const cli = spawn(process.execPath, [CLI, 'evcc', '--slcan', side.evccEnd, '--dbc', EXAMPLE_DBC, '--map', EXAMPLE_MAP, '--sdp-target', '::1', '--sdp-port', String(station.station.sdpPort), '--protocols', 'din', '--loop-interval', '5', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    cli.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
    cli.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
    const code = await within(new Promise<number | null>((resolve) => cli.on('exit', resolve)), 'kopher-v2g evcc --slcan', SESSION_BOUND_MS).finally(() => cli.kill('SIGKILL'));
    assert.is(code, 0, output.stderr);
    const report = JSON.parse(output.stdout) as { result: string; finalSoC: number };
    assert.is(report.result, 'stopped');
    assert.ok(report.finalSoC >= 52, `final SoC ${report.finalSoC} from the python BMS's frames`);
    const summary = await side.events.next('the python summary', (e) => e.event === 'summary', 5_000);
    assert.equal((summary.commands as unknown[]).at(-1), [false, 'B', false]);
  } finally {
    side.close();
    await station.close();
  }
});

test('SLCAN over a real pseudo-terminal pair: classical, extended and CAN FD frames between two of our ports', async () => {
  if (spawnSync('socat', ['-V'], { timeout: 5_000 }).status !== 0) return void console.log('NOTICE: SLCAN pty test skipped: socat is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'kopher-slcan-'));
  const [aEnd, bEnd] = [join(dir, 'a'), join(dir, 'b')];
  const socat = spawn('socat', [`pty,raw,echo=0,link=${aEnd}`, `pty,raw,echo=0,link=${bEnd}`], { stdio: 'ignore' });
  try {
    await within(new Promise<void>((resolve) => {
      const poll = (): void => void (existsSync(aEnd) && existsSync(bEnd) ? resolve() : setTimeout(poll, 20));
      poll();
    }), 'socat pseudo-terminals', 5_000);
    const [a, b] = [openSlcanPort(aEnd, { dataBitrate: 2_000_000 }), openSlcanPort(bEnd, { dataBitrate: 2_000_000 })];
    try {
      const frames: CanFrame[] = [
        { id: 0x3a0, extended: false, fd: false, data: Uint8Array.of(1, 2, 3) },
        { id: 0x18ff50e5, extended: true, fd: false, data: new Uint8Array(8).fill(9) },
        { id: 0x3a3, extended: false, fd: true, brs: true, data: new Uint8Array(64).map((_, i) => i) },
        { id: 0x1abcdef, extended: true, fd: true, data: new Uint8Array(12).fill(0xaa) },
      ];
      const received = firstValueFrom(b.frames$.pipe(take(frames.length), toArray()));
      for (const frame of frames) a.send(frame);
      assert.equal(await within(received, 'frames over the pty', 3_000), frames);
    } finally {
      a.close();
      b.close();
    }
  } finally {
    socat.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SLCAN: a device that is not there is a CanUnavailableError that says what to do', () => {
  assert.throws(() => openSlcanPort('/dev/kopher-no-such-adapter'), (e: unknown) => e instanceof CanUnavailableError && e.reason === 'device' && /plugged in/.test(e.message));
  assert.throws(() => openSlcanPort('/dev/null'), (e: unknown) => e instanceof CanUnavailableError && /not a serial device/.test(e.message));
  assert.throws(() => openSlcanPort('/dev/null', { bitrate: 33_333 }), /SLCAN bit rate 33333/);
});

test.run();
