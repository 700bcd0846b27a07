/**
 * A frame port that fails (a raw socket's receive error on a PLC interface that went away) ends the SLAC run with
 * that error, and a SLAC station with it, instead of an error RxJS would rethrow outside any handler and that would
 * end the process.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Subject } from 'rxjs';
import { SimulatedClock } from 'xstate';
import { runSlacEv } from '../../actors/slac/run-slac-ev.js';
import { serveWithSlac } from '../../actors/stack/slac-station.js';
import type { FramePort } from '../../transport/ethernet/frame-port.js';
import { within } from '../shared/async.js';
import { EV_MAC, EVSE_MACS, RUN_ID } from './harness.js';

function failingPort(mac: Uint8Array): { port: FramePort; frames: Subject<Uint8Array>; sent: Uint8Array[] } {
  const frames = new Subject<Uint8Array>();
  const sent: Uint8Array[] = [];
  return { port: { mac, frames$: frames.asObservable(), send: (f) => sent.push(f), close: () => frames.complete() }, frames, sent };
}

test('the run ends with the port\'s error: result and done reject with it, the machine stops, the failure is logged', async () => {
  const { port, frames, sent } = failingPort(EV_MAC);
  const lines: string[] = [];
  const run = runSlacEv({ port, clock: new SimulatedClock(), log: (l) => lines.push(l), input: { mac: EV_MAC, runId: RUN_ID, linkDetection: false } });
  const error = new Error('raw Ethernet receive on plc0 failed: ENETDOWN');
  frames.error(error);
  for (const [name, promise] of [['result', run.result], ['done', run.done]] as const) {
    try {
      await within(promise, name);
      assert.unreachable(`${name} resolved`);
    } catch (err) {
      assert.is(err, error, `${name} rejects with the port's error`);
    }
  }
  assert.is(run.actor.getSnapshot().status, 'done', 'the machine stopped');
  assert.ok(lines.some((l) => l.startsWith('frame port failed:') && l.includes('ENETDOWN')), lines.join('\n'));
  assert.ok(sent.length <= 1, 'nothing sent after the failure but what went out before it');
});

test('a SLAC station on a failing port rejects with the error instead of retrying runs on a dead port', async () => {
  const { port, frames } = failingPort(EVSE_MACS[0]);
  const stop = new AbortController();
  const serving = serveWithSlac({
    slac: { port },
    station: { protocols: ['din'], evseId: 'DE*KPH*E0000001', powerModule: () => { throw new Error('no EV ever matches here'); } },
    signal: stop.signal,
  });
  const error = new Error('raw Ethernet receive on plc0 failed: ENODEV');
  frames.error(error);
  try {
    await within(serving, 'serveWithSlac');
    assert.unreachable('resolved');
  } catch (err) {
    assert.is(err, error);
  } finally {
    stop.abort();
  }
});

test.run();
