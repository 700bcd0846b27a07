/**
 * The station's memory of paused sessions: every paused SessionID may be joined, a session that ends otherwise is
 * forgotten, an EV that never comes back cannot grow the list without bound, and one peer pausing session after
 * session cannot push the other EVs' paused sessions out.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LocalPausedSessions, MAX_PAUSED_SESSIONS, MAX_PAUSED_SESSIONS_PER_PEER } from '../../actors/stack/paused-sessions.js';

const id = (n: number) => Uint8Array.of(0, 0, 0, 0, 0, 0, n >> 8, n & 0xff);
/** The n-th EV's link-local address. */
const peer = (n: number) => `fe80::${n.toString(16)}`;

test('every paused session may be joined, not only the last one', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) }, peer(1));
  paused.ended({ result: 'paused', sessionId: id(2) }, peer(2));
  assert.equal(await paused.joinable(), [id(1), id(2)]);
});

test('a joined session that ends otherwise is forgotten; one paused again is kept once', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) }, peer(1));
  paused.ended({ result: 'paused', sessionId: id(2) }, peer(2));
  paused.ended({ result: 'stopped', sessionId: id(1) }, peer(1));
  paused.ended({ result: 'paused', sessionId: id(2) }, peer(2));
  paused.ended({ result: 'failed', sessionId: id(3) }, peer(3));
  assert.equal(await paused.joinable(), [id(2)]);
});

test(`past ${MAX_PAUSED_SESSIONS} paused sessions the longest paused is forgotten`, async () => {
  const paused = new LocalPausedSessions();
  for (let n = 0; n <= MAX_PAUSED_SESSIONS; n++) paused.ended({ result: 'paused', sessionId: id(n) }, peer(n));
  const joinable = await paused.joinable();
  assert.is(joinable.length, MAX_PAUSED_SESSIONS);
  assert.equal(joinable[0], id(1));
  assert.equal(joinable.at(-1), id(MAX_PAUSED_SESSIONS));
});

test(`one peer keeps at most ${MAX_PAUSED_SESSIONS_PER_PEER} paused sessions: pausing ${MAX_PAUSED_SESSIONS * 4} cannot flush the other EVs' sessions`, async () => {
  const paused = new LocalPausedSessions();
  const others = [1, 2, 3].map((n) => id(n));
  others.forEach((sessionId, n) => paused.ended({ result: 'paused', sessionId }, peer(n + 1)));
  const flooder = peer(0xbad);
  const flood = Array.from({ length: MAX_PAUSED_SESSIONS * 4 }, (_, n) => id(1000 + n));
  for (const sessionId of flood) paused.ended({ result: 'paused', sessionId }, flooder);
  const joinable = await paused.joinable();
  assert.equal(joinable.slice(0, 3), others, "the other EVs' paused sessions are all still joinable");
  assert.equal(joinable.slice(3), flood.slice(-MAX_PAUSED_SESSIONS_PER_PEER), "the flooder's latest few, no more");
});

test('the total bound holds across many peers too', async () => {
  const paused = new LocalPausedSessions();
  for (let n = 0; n < MAX_PAUSED_SESSIONS * 2; n++) paused.ended({ result: 'paused', sessionId: id(n) }, peer(n % (MAX_PAUSED_SESSIONS / 2)));
  assert.is((await paused.joinable()).length, MAX_PAUSED_SESSIONS);
});

test.run();
