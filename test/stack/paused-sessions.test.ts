/**
 * The station's memory of paused sessions: every paused SessionID may be joined, a session that ends otherwise is
 * forgotten, and an EV that never comes back cannot grow the list without bound.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LocalPausedSessions, MAX_PAUSED_SESSIONS } from '../../actors/stack/paused-sessions.js';

const id = (n: number) => Uint8Array.of(0, 0, 0, 0, 0, 0, n >> 8, n & 0xff);

test('every paused session may be joined, not only the last one', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) });
  paused.ended({ result: 'paused', sessionId: id(2) });
  assert.equal(await paused.joinable(), [id(1), id(2)]);
});

test('a joined session that ends otherwise is forgotten; one paused again is kept once', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) });
  paused.ended({ result: 'paused', sessionId: id(2) });
  paused.ended({ result: 'stopped', sessionId: id(1) });
  paused.ended({ result: 'paused', sessionId: id(2) });
  paused.ended({ result: 'failed', sessionId: id(3) });
  assert.equal(await paused.joinable(), [id(2)]);
});

test(`past ${MAX_PAUSED_SESSIONS} paused sessions the longest paused is forgotten`, async () => {
  const paused = new LocalPausedSessions();
  for (let n = 0; n <= MAX_PAUSED_SESSIONS; n++) paused.ended({ result: 'paused', sessionId: id(n) });
  const joinable = await paused.joinable();
  assert.is(joinable.length, MAX_PAUSED_SESSIONS);
  assert.equal(joinable[0], id(1));
  assert.equal(joinable.at(-1), id(MAX_PAUSED_SESSIONS));
});

test.run();
