/**
 * SocketCAN on a real kernel socket where the kernel has CAN: two raw sockets on a vcan interface exchange classical
 * and CAN FD frames. This machine's kernel may have no CAN at all; then the typed error must say what to do, and the
 * exchange says it is skipped. The frame structures and socket options are tested without a kernel in frames.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { firstValueFrom, take, toArray } from 'rxjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CanFrame } from '../../codecs/can/can-frame.js';
import { CanUnavailableError } from '../../transport/can/can-port.js';
import { openSocketCanPort } from '../../transport/can/socketcan.js';
import { within } from '../shared/async.js';

/** Why the kernel cannot carry this test's CAN frames, or undefined when it can. */
async function kernelWithoutCan(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  const err = await openSocketCanPort('kopher-none0').then((port) => (port.close(), undefined), (e: unknown) => e);
  if (err instanceof CanUnavailableError && err.reason === 'kernel') return err.message;
  return undefined;
}

const noCan = await kernelWithoutCan();

test('no kernel CAN: CanUnavailableError "kernel" saying to load the module; else a missing interface is "device"', async () => {
  const err = await openSocketCanPort('kopher-none0').then((port) => (port.close(), undefined), (e: unknown) => e);
  assert.instance(err, CanUnavailableError);
  const e = err as CanUnavailableError;
  if (process.platform !== 'linux') return void assert.is(e.reason, 'platform');
  if (noCan) {
    assert.is(e.reason, 'kernel');
    assert.match(e.message, 'modprobe can-raw');
    assert.match(e.message, '--slcan');
  } else {
    assert.is(e.reason, 'device');
    assert.match(e.message, 'ip link add kopher-none0 type vcan');
  }
});

test('a vcan interface: classical and CAN FD frames from one raw socket to another', async () => {
  if (noCan) return void console.log(`NOTICE: SocketCAN exchange skipped, the kernel has no CAN: ${noCan}`);
  const iface = `kvcan${process.pid % 10_000}`;
  const made = spawnSync('ip', ['link', 'add', iface, 'type', 'vcan'], { encoding: 'utf8' });
  if (made.status !== 0) return void console.log(`NOTICE: SocketCAN exchange skipped, no vcan interface could be made: ${made.stderr.trim()}`);
  try {
    spawnSync('ip', ['link', 'set', iface, 'mtu', '72']);
    spawnSync('ip', ['link', 'set', iface, 'up']);
    const [a, b] = [await openSocketCanPort(iface), await openSocketCanPort(iface)];
    try {
      assert.ok(a.fd, 'MTU 72 makes the port CAN FD');
      const frames: CanFrame[] = [
        { id: 0x3a0, extended: false, fd: false, data: Uint8Array.of(1, 2, 3) },
        { id: 0x18ff50e5, extended: true, fd: false, data: new Uint8Array(8).fill(7) },
        { id: 0x3a3, extended: false, fd: true, brs: true, data: new Uint8Array(64).map((_, i) => i) },
      ];
      const received = firstValueFrom(b.frames$.pipe(take(frames.length), toArray()));
      for (const frame of frames) a.send(frame);
      assert.equal(await within(received, 'frames over vcan', 2_000), frames);
    } finally {
      a.close();
      b.close();
    }
  } finally {
    spawnSync('ip', ['link', 'del', iface]);
  }
});

test.run();
