/**
 * The station's memory of paused sessions: every paused SessionID may be joined, a session that ends otherwise is
 * forgotten, an EV that never comes back cannot grow the list without bound, and one peer pausing session after
 * session cannot push the other EVs' paused sessions out; a session paused at one connector is joinable there only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONNECTOR, LocalPausedSessions, MAX_PAUSED_SESSIONS, MAX_PAUSED_SESSIONS_PER_PEER } from '../../actors/stack/paused-sessions.js';

const id = (n: number) => Uint8Array.of(0, 0, 0, 0, 0, 0, n >> 8, n & 0xff);
/** The n-th EV's link-local address. */
const peer = (n: number) => `fe80::${n.toString(16)}`;
const CONNECTOR = DEFAULT_CONNECTOR;
/** The n-th EV at the station's one connector. */
const at = (n: number) => ({ connector: CONNECTOR, peer: peer(n) });

test('every paused session may be joined, not only the last one', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) }, at(1));
  paused.ended({ result: 'paused', sessionId: id(2) }, at(2));
  assert.equal(await paused.joinable(CONNECTOR), [id(1), id(2)]);
});

test('a session paused at one connector is joinable at that connector only, and forgotten there once it ends', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) }, { connector: 'left', peer: peer(1) });
  paused.ended({ result: 'paused', sessionId: id(2) }, { connector: 'right', peer: peer(2) });
  assert.equal(await paused.joinable('left'), [id(1)]);
  assert.equal(await paused.joinable('right'), [id(2)]);
  assert.equal(await paused.joinable(DEFAULT_CONNECTOR), []);
  paused.ended({ result: 'stopped', sessionId: id(1) }, { connector: 'left', peer: peer(1) });
  assert.equal(await paused.joinable('left'), []);
  assert.equal(await paused.joinable('right'), [id(2)]);
});

test('a joined session that ends otherwise is forgotten; one paused again is kept once', async () => {
  const paused = new LocalPausedSessions();
  paused.ended({ result: 'paused', sessionId: id(1) }, at(1));
  paused.ended({ result: 'paused', sessionId: id(2) }, at(2));
  paused.ended({ result: 'stopped', sessionId: id(1) }, at(1));
  paused.ended({ result: 'paused', sessionId: id(2) }, at(2));
  paused.ended({ result: 'failed', sessionId: id(3) }, at(3));
  assert.equal(await paused.joinable(CONNECTOR), [id(2)]);
});

test(`past ${MAX_PAUSED_SESSIONS} paused sessions the longest paused is forgotten`, async () => {
  const paused = new LocalPausedSessions();
  for (let n = 0; n <= MAX_PAUSED_SESSIONS; n++) paused.ended({ result: 'paused', sessionId: id(n) }, at(n));
  const joinable = await paused.joinable(CONNECTOR);
  assert.is(joinable.length, MAX_PAUSED_SESSIONS);
  assert.equal(joinable[0], id(1));
  assert.equal(joinable.at(-1), id(MAX_PAUSED_SESSIONS));
});

test(`one peer keeps at most ${MAX_PAUSED_SESSIONS_PER_PEER} paused sessions: pausing ${MAX_PAUSED_SESSIONS * 4} cannot flush the other EVs' sessions`, async () => {
  const paused = new LocalPausedSessions();
  const others = [1, 2, 3].map((n) => id(n));
  others.forEach((sessionId, n) => paused.ended({ result: 'paused', sessionId }, at(n + 1)));
  const flooder = at(0xbad);
  const flood = Array.from({ length: MAX_PAUSED_SESSIONS * 4 }, (_, n) => id(1000 + n));
  for (const sessionId of flood) paused.ended({ result: 'paused', sessionId }, flooder);
  const joinable = await paused.joinable(CONNECTOR);
  assert.equal(joinable.slice(0, 3), others, "the other EVs' paused sessions are all still joinable");
  assert.equal(joinable.slice(3), flood.slice(-MAX_PAUSED_SESSIONS_PER_PEER), "the flooder's latest few, no more");
});

test('the total bound holds across many peers too', async () => {
  const paused = new LocalPausedSessions();
  for (let n = 0; n < MAX_PAUSED_SESSIONS * 2; n++) paused.ended({ result: 'paused', sessionId: id(n) }, at(n % (MAX_PAUSED_SESSIONS / 2)));
  assert.is((await paused.joinable(CONNECTOR)).length, MAX_PAUSED_SESSIONS);
});

test.run();
