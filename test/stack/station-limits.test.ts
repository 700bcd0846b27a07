/**
 * A station no peer can starve, over loopback: TLS handshakes that never finish are cut off, connections beyond the
 * bounds (in all, per peer address) are closed at once while the station keeps accepting, sessions beyond their bound
 * are turned away after the handshake, and a legitimate EV completes its session through all of it.
 *
 * Several peers on one host: the IPv4 loopback network is 127.0.0.0/8, so a station on `::ffff:127.0.0.1` (IPv4
 * through its IPv6 socket) sees connections made from 127.0.0.2, 127.0.0.3, … as different peers, and the EV from
 * 127.0.0.1 as another. Every socket is closed by the test or the station and counted closed; the floods are sized
 * to the process's open-file limit (a notice says when that scales them down).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SeccStation } from '../../actors/stack/secc-station.js';
import { generateTestPki } from '../../crypto/index.js';
import { openFileLimit } from '../../bench/fd-limit.js';
import type { Endpoint } from '../../base/connection-events.js';
import { within } from '../shared/async.js';
import { rawEvcc } from './raw-evcc.js';
import { chargeEv, startTestStation, type TestStation } from './harness.js';

const pki = await generateTestPki();

/** The station's address as the EV and the floods dial it. */
const V4_HOST = '::ffff:127.0.0.1';
/** Bound on an EV's whole run beside a flood: its SYN may wait for a retransmission while the backlog is full. */
const EV_BESIDE_FLOOD_MS = 30_000;
/**
 * The EV beside a flood answers in the station's own time: while the station accepts and closes two thousand sockets
 * on a busy host, the supportedAppProtocolRes may take longer than V2G_EVCC_Msg_Timeout's 2 s, which is the standard's
 * bound on a charger, not what this test is about (that the EV is served at all).
 */
const PATIENT_EV = { V2G_EVCC_Msg_Timeout: { default: 20_000, CurrentDemand: 5_000 } } as const;
/** Files the test process needs besides the flood's sockets, with margin. */
const FD_RESERVE = 256;

/**
 * `wanted` sockets, or as many as fit: in the open-file limit when each costs `perSocket` descriptors, and in the
 * kernel's accept queue (net.core.somaxconn caps the listen backlog; past it a connection is dropped half open, which
 * no server can close).
 */
function floodSize(wanted: number, perSocket: number): number {
  const files = Math.floor(((openFileLimit() ?? Infinity) - FD_RESERVE) / perSocket);
  const queue = acceptQueueLimit();
  const fits = Math.min(wanted, files, queue);
  if (fits < wanted) console.log(`NOTICE: ulimit -n and net.core.somaxconn allow ${files} and ${queue}: the flood of ${wanted} is scaled to ${fits}`);
  return fits;
}

function acceptQueueLimit(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim()) || Infinity;
  } catch {
    return Infinity;
  }
}

interface RawSocket {
  readonly socket: Socket;
  /** Whether the TCP connection was made (refused ones are made, then closed by the station). */
  readonly connected: () => boolean;
  /** Resolves when the socket has closed, whoever closed it. */
  readonly closed: Promise<void>;
}

/** A TCP connection that sends nothing, from `localAddress` (IPv4) when given; the station's reset is expected. */
function rawConnection(to: Endpoint, localAddress?: string): RawSocket {
  const socket = localAddress
    ? connect({ host: to.address.replace(/^::ffff:/, ''), port: to.port, localAddress })
    : connect({ host: to.address, port: to.port });
  let made = false;
  socket.once('connect', () => (made = true));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, connected: () => made, closed };
}

/** Resolves once `station` has no connection open, checked as each of `sockets` closes; bounded. */
async function drained(station: SeccStation, sockets: readonly RawSocket[], bound: number): Promise<void> {
  await within(Promise.all(sockets.map((s) => s.closed)), `all ${sockets.length} raw connections closed`, bound);
  await within(
    (async () => {
      while (station.gate.open > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    })(),
    `the station's connection count back to 0 (at ${station.gate.open})`,
    bound,
  );
}

const refusalLines = (lines: readonly string[]): string[] => lines.filter((l) => /refused a connection|more like it.*refused a connection/.test(l));

test('TLS handshakes that never start are cut off by the handshake timeout; a TLS EV completes meanwhile; the count returns to 0', async () => {
  const stalled = floodSize(300, 2);
  const handshakeTimeoutMs = 500;
  const test: TestStation = await startTestStation('dc', {
    pki,
    tlsHandshakeTimeoutMs: handshakeTimeoutMs,
    limits: { maxConnections: Infinity, maxConnectionsPerPeer: Infinity },
  });
  const sockets: RawSocket[] = [];
  try {
    const tlsAddress = test.station.tlsAddress!;
    for (let n = 0; n < stalled; n++) sockets.push(rawConnection(tlsAddress));
    const opened = Date.now();
    const ev = await chargeEv(test.station, 'iso2-dc', { pki, bound: EV_BESIDE_FLOOD_MS });
    assert.is(ev.result.outcome.result, 'stopped', JSON.stringify(ev.result.outcome));
    assert.is(ev.result.security, 'tls1.2');
    await drained(test.station, sockets, 20 * handshakeTimeoutMs);
    assert.ok(Date.now() - opened >= handshakeTimeoutMs - 50, 'the stalled handshakes were let run their time');
    const failures = test.lines.filter((l) => l.includes('TLS handshake failed'));
    assert.match(failures[0] ?? '', /handshake timeout/i);
    assert.ok(failures.length <= 2, `one line and a summary at most, not ${stalled}: ${failures.join('\n')}`);
  } finally {
    for (const { socket } of sockets) socket.destroy();
    await test.close();
  }
});

test('2,000 connections at once from ten peers: each peer keeps at most its bound, the rest are closed at once, a legitimate EV completes', async () => {
  const flood = floodSize(2_000, 2);
  const peers = Array.from({ length: 10 }, (_, n) => `127.0.0.${n + 2}`);
  const perPeer = 4;
  // Long enough for the EV's SessionSetupReq on a busy host, short enough that the flood's sessions end in the test.
  const setupTime = 5_000;
  const test = await startTestStation('dc', {
    host: V4_HOST,
    limits: { maxConnectionsPerPeer: perPeer, maxConnections: 64 },
    timing: { session: { V2G_SECC_CommunicationSetup_Performance_Time: setupTime } },
  });
  const sockets: RawSocket[] = [];
  let mostFromOnePeer = 0;
  let mostInAll = 0;
  // Every connection the gate let through becomes a session: the bounds are checked at each.
  test.station.sessions$.subscribe(() => {
    mostInAll = Math.max(mostInAll, test.station.gate.open);
    for (const peer of peers) mostFromOnePeer = Math.max(mostFromOnePeer, test.station.gate.openFrom(`::ffff:${peer}`));
  });
  try {
    for (let n = 0; n < flood; n++) sockets.push(rawConnection(test.station.address, peers[n % peers.length]));
    const ev = await chargeEv(test.station, 'iso2-dc', { sdpTarget: V4_HOST, bound: EV_BESIDE_FLOOD_MS, timing: PATIENT_EV });
    assert.is(ev.result.outcome.result, 'stopped', JSON.stringify(ev.result.outcome));
    await drained(test.station, sockets, 10 * setupTime);
    const made = sockets.filter((s) => s.connected()).length;
    assert.ok(made > flood / 2, `the flood reached the station: ${made} of ${flood} connections were made`);
    assert.ok(mostFromOnePeer >= 1 && mostFromOnePeer <= perPeer, `at most ${perPeer} open from one peer, seen ${mostFromOnePeer}`);
    assert.ok(mostInAll <= 64, `at most 64 in all, seen ${mostInAll}`);
    const flooders = test.sessions.filter((s) => s.remote.address !== '::ffff:127.0.0.1');
    assert.ok(flooders.length < flood / 2, `most of the flood never became a session: ${flooders.length} of ${flood} did`);
    for (const s of flooders) assert.match((await s.outcome).reason ?? '', /V2G_SECC_CommunicationSetup_Performance_Time/);
    const refusals = refusalLines(test.lines);
    assert.ok(refusals.length >= 1 && refusals.length <= 2, `refusals are logged rate-limited: ${refusals.length} lines`);
  } finally {
    for (const { socket } of sockets) socket.destroy();
    await test.close();
  }
  const summary = refusalLines(test.lines).at(-1) ?? '';
  assert.match(summary, /^\d+ more like it within 10 s, the last: SECC: refused a connection from \[::ffff:127\.0\.0\.\d+\]:\d+: maxConnectionsPerPeer 4 reached$/);
});

test('maxConnections: past the total the connection is closed at once, and the station accepts again once one closes', async () => {
  const test = await startTestStation('dc', { limits: { maxConnections: 3, maxConnectionsPerPeer: Infinity } });
  const held = [0, 1, 2].map(() => rawConnection(test.station.address));
  try {
    await within(
      (async () => {
        while (test.station.gate.open < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      'three connections admitted',
    );
    const excess = rawConnection(test.station.address);
    await within(excess.closed, 'the fourth connection closed by the station');
    assert.is(test.station.gate.open, 3);
    assert.match(refusalLines(test.lines)[0] ?? '', /maxConnections 3 reached/);
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const ev = await chargeEv(test.station, 'din');
    assert.is(ev.result.outcome.result, 'stopped', 'a free slot serves an EV again');
  } finally {
    for (const { socket } of held) socket.destroy();
    await test.close();
  }
});

test('maxSessions: an EV past the bound is turned away after its handshake, before it takes a power stage; the next one charges', async () => {
  const test = await startTestStation('dc', { limits: { maxSessions: 1 } });
  const raw = await rawEvcc(test.station.address, 'din');
  try {
    const turnedAway = await chargeEv(test.station, 'din');
    assert.is(turnedAway.result.outcome.result, 'failed');
    const second = await within(test.sessions[1]!.outcome, 'the second SECC session');
    assert.equal(second, { result: 'failed', reason: 'maxSessions 1 reached' });
    assert.is(test.supplies.length, 1, "the first session's power stage only: none was taken for the second");
    raw.close();
    await within(test.sessions[0]!.outcome, 'the first SECC session ending');
    const next = await chargeEv(test.station, 'din');
    assert.is(next.result.outcome.result, 'stopped');
  } finally {
    raw.close();
    await test.close();
  }
});

test.run();
