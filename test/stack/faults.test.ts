/**
 * Faults against the running stack over [::1]. Each ends the one session it hits as the standard says (a FAILED
 * response and the EV left to close first, a timer, a reset, a refused TLS chain or handshake) and the SECC goes on: a
 * healthy EV charges to SessionStop beside or after it. The EVCC's side: a silent SECC, an SECC silent after the
 * handshake, nobody answering SDP, each ending the run with the standard's timer in its reason.
 */
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filter, first, firstValueFrom, map, Subject, timeout } from 'rxjs';
import { systemClock } from '../../base/clock.js';
import { createInspector } from '../../actors/runtime/inspection.js';
import { runEvcc, type EvccResult } from '../../actors/stack/evcc-client.js';
import type { SeccSession } from '../../actors/stack/secc-station.js';
import type { VehicleAdapter, VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import type { SessionOutcome } from '../../machines/session/session-events.js';
import { encodeSdpMessage, Security, TransportProtocol } from '../../codecs/sdp/index.js';
import { generateTestPki, generateUnrelatedPki, seccTlsCredentials } from '../../crypto/index.js';
import type { Endpoint } from '../../base/connection-events.js';
import { TlsError } from '../../transport/transport-errors.js';
import { connectTls } from '../../transport/tls.js';
import { openUdpSocket } from '../../transport/udp.js';
import { within } from '../shared/async.js';
import { cableTo } from './cable.js';
import { announce, silentAfterHandshake, silentSecc } from './fake-secc.js';
import { answerOf, rawEvcc, type RawEvcc } from './raw-evcc.js';
import { chargeEv, count, EVCC_ID, farFromFull, outcomeOf, startTestStation, type EvOverrides, type TestStation } from './harness.js';

const [pki, unrelated] = await Promise.all([generateTestPki(), generateUnrelatedPki()]);

/**
 * A correct EV beside the fault: its session must end normally. Awaited by the test, but marked handled at once, so
 * that a test failing before it awaits does not also crash the run with an unhandled rejection.
 */
function healthyEv(station: TestStation, overrides: EvOverrides = {}): Promise<void> {
  const run = chargeEv(station.station, 'iso2-dc', overrides).then(({ result }) => {
    assert.is(result.outcome.result, 'stopped', `the healthy EV's session: ${JSON.stringify(result.outcome)}`);
  });
  run.catch(() => undefined);
  return run;
}

/** The station's session that charged and never reached SessionStop: the one behind a cut or muted link. */
function leftMidCharge(station: TestStation): SeccSession | undefined {
  const sent = (s: SeccSession, name: string): boolean => s.messages.some((m) => m.name === name);
  return station.sessions.find((s) => sent(s, 'CurrentDemandReq') && !sent(s, 'SessionStopReq'));
}

/** An ISO 15118-2 DC EV that finds its SECC through the SDP server on `sdpPort`. */
function evVia(sdpPort: number, overrides: EvOverrides): ReturnType<typeof chargeEv> {
  return chargeEv({ sdpPort }, 'iso2-dc', overrides);
}

/** The station's session on the connection whose EVCC end is `evcc`. */
async function sessionFrom(station: TestStation, evcc: Endpoint): Promise<SeccSession> {
  const session = station.sessions.find((s) => s.remote.port === evcc.port);
  if (!session) throw new Error(`no SECC session from port ${evcc.port} among ${station.sessions.length}`);
  return session;
}

async function seccOutcome(station: TestStation, evcc: Endpoint, bound = 2_000): Promise<SessionOutcome> {
  return within((await sessionFrom(station, evcc)).outcome, 'the SECC session of the fault', bound);
}

async function assertClosedByPeer(raw: RawEvcc, bound = 2_000): Promise<void> {
  const end = await raw.next(bound);
  assert.is(end.type, 'channel.closed', `then the SECC closes the connection (${JSON.stringify(end)})`);
  assert.match(end.type === 'channel.closed' ? end.reason : '', /peer closed|connection lost/);
}

/** How long the SECC is watched not closing after its FAILED answer: the EV's turn [SESSIONS.md §0, Closing]. */
const LEFT_TO_THE_EV_MS = 300;

/** After a FAILED answer the SECC leaves the EV to close first, then answers the EV's FIN with its own. */
async function assertEvClosesFirst(raw: RawEvcc): Promise<void> {
  const early = await raw.next(LEFT_TO_THE_EV_MS).then(
    (event) => event,
    () => undefined,
  );
  assert.is(early, undefined, `the SECC waits for the EV to close (${JSON.stringify(early)})`);
  raw.connection.close();
  await assertClosedByPeer(raw);
}

/** The script each protocol's raw EVCC follows: its SessionSetupReq and an out-of-order request with its response. */
const SCRIPT: Readonly<Record<'din' | 'iso2', { outOfOrder: string; answer: string }>> = {
  din: { outOfOrder: 'ContractAuthenticationReq', answer: 'ContractAuthenticationRes' },
  iso2: { outOfOrder: 'AuthorizationReq', answer: 'AuthorizationRes' },
};

async function sessionSetup(raw: RawEvcc): Promise<Uint8Array> {
  const response = await raw.exchange(new Uint8Array(8), { SessionSetupReq: { EVCCID: EVCC_ID } });
  assert.equal(answerOf(response), ['SessionSetupRes', 'OK_NewSessionEstablished']);
  return response.V2G_Message.Header.SessionID;
}

for (const protocol of ['din', 'iso2'] as const) {
  test(`${protocol}: a request out of sequence gets FAILED_SequenceError in its own response type, the EV closes, the other session charges`, async () => {
    const station = await startTestStation('dc');
    try {
      const healthy = healthyEv(station);
      const raw = await rawEvcc(station.station.address, protocol);
      try {
        const sessionId = await sessionSetup(raw);
        const { outOfOrder, answer } = SCRIPT[protocol];
        const response = await raw.exchange(sessionId, { [outOfOrder]: {} });
        assert.equal(answerOf(response), [answer, 'FAILED_SequenceError']);
        assert.equal(response.V2G_Message.Header.SessionID, sessionId, 'the FAILED response still carries the session');
        await assertEvClosesFirst(raw);
      } finally {
        raw.close();
      }
      const secc = await seccOutcome(station, raw.connection.local);
      assert.is(secc.result, 'failed');
      assert.match(secc.reason ?? '', /SequenceError/);
      await healthy;
    } finally {
      await station.close();
    }
  });

  test(`${protocol}: a wrong SessionID after SessionSetup gets FAILED_UnknownSession, the EV closes, the other session charges`, async () => {
    const station = await startTestStation('dc');
    try {
      const healthy = healthyEv(station);
      const raw = await rawEvcc(station.station.address, protocol);
      try {
        const sessionId = await sessionSetup(raw);
        const wrong = sessionId.map((b) => b ^ 0xff);
        const response = await raw.exchange(wrong, { ServiceDiscoveryReq: {} });
        assert.equal(answerOf(response), ['ServiceDiscoveryRes', 'FAILED_UnknownSession']);
        await assertEvClosesFirst(raw);
      } finally {
        raw.close();
      }
      const secc = await seccOutcome(station, raw.connection.local);
      assert.is(secc.result, 'failed');
      assert.match(secc.reason ?? '', /UnknownSession/);
      await healthy;
    } finally {
      await station.close();
    }
  });
}

test('peer silence: an EVCC that stops sending mid-session is ended by V2G_SECC_Sequence_Timeout, one that never speaks by V2G_SECC_CommunicationSetup_Performance_Time', async () => {
  const sequenceTimeout = 300;
  // Generous for the healthy EV beside it, whose request follows its connect at once.
  const setupTime = 1_000;
  const station = await startTestStation('dc', {
    timing: { session: { V2G_SECC_Sequence_Timeout: sequenceTimeout, V2G_SECC_CommunicationSetup_Performance_Time: setupTime } },
  });
  const mute = await openSocket(station.station.address);
  const mutePort = mute.localPort ?? 0;
  try {
    const healthy = healthyEv(station);
    const raw = await rawEvcc(station.station.address, 'din');
    try {
      const sessionId = await sessionSetup(raw);
      assert.equal(answerOf(await raw.exchange(sessionId, { ServiceDiscoveryReq: {} })), ['ServiceDiscoveryRes', 'OK']);
      const silentFrom = systemClock.now();
      await assertClosedByPeer(raw, 4 * sequenceTimeout);
      // The SECC's timer started when it sent ServiceDiscoveryRes, a little before the response arrived here.
      assertTook(silentFrom, sequenceTimeout - 50, 'the SECC closing a silent connection');
    } finally {
      raw.close();
    }
    const secc = await seccOutcome(station, raw.connection.local);
    assert.is(secc.result, 'failed');
    assert.match(secc.reason ?? '', /V2G_SECC_Sequence_Timeout/);
    await healthy;
    const never = await seccOutcome(station, { address: '::1', port: mutePort }, 4 * setupTime);
    assert.is(never.result, 'failed');
    assert.match(never.reason ?? '', /V2G_SECC_CommunicationSetup_Performance_Time.*supportedAppProtocolReq/);
  } finally {
    mute.destroy();
    await station.close();
  }
});

test('an EVCC that negotiates and then never sends SessionSetupReq: closed once V2G_SECC_CommunicationSetup_Performance_Time from its connect has run out', async () => {
  const setupTime = 600;
  const station = await startTestStation('dc', {
    // Far beyond the setup time, so only V2G_SECC_CommunicationSetup_Performance_Time can end the wait.
    timing: { session: { V2G_SECC_Sequence_Timeout: 20 * setupTime, V2G_SECC_CommunicationSetup_Performance_Time: setupTime } },
  });
  try {
    const connectedFrom = systemClock.now();
    const raw = await rawEvcc(station.station.address, 'din');
    try {
      await assertClosedByPeer(raw, 10 * setupTime);
      // Counted from the connect, the handshake's time included; the session started only after it.
      assertTook(connectedFrom, setupTime, 'the SECC closing the negotiated but silent connection', 10 * setupTime);
    } finally {
      raw.close();
    }
    const secc = await seccOutcome(station, raw.connection.local);
    assert.is(secc.result, 'failed');
    assert.match(secc.reason ?? '', /V2G_SECC_CommunicationSetup_Performance_Time: no SessionSetupReq/);
  } finally {
    await station.close();
  }
});

test('SessionSetupReq in time ends V2G_SECC_CommunicationSetup_Performance_Time: the session outlives it, open', async () => {
  // Generous, so a busy host still brings the handshake and SessionSetupReq in time; the watch then outlasts it.
  const setupTime = 2_000;
  const station = await startTestStation('dc', {
    timing: { session: { V2G_SECC_Sequence_Timeout: 20 * setupTime, V2G_SECC_CommunicationSetup_Performance_Time: setupTime } },
  });
  try {
    const raw = await rawEvcc(station.station.address, 'din');
    try {
      const [name, code] = answerOf(await raw.exchange(new Uint8Array(8), { SessionSetupReq: { EVCCID: Uint8Array.of(2, 0, 0, 0xaa, 0xbb, 0xcc) } }));
      assert.equal([name, code], ['SessionSetupRes', 'OK_NewSessionEstablished']);
      const after = await raw.next(setupTime + 1_000).then((e) => e.type, () => 'nothing');
      assert.is(after, 'nothing', 'the SECC keeps the session past the setup time');
    } finally {
      raw.close();
    }
  } finally {
    await station.close();
  }
});

test('an SECC that accepts but never answers: the EVCC fails with V2G_EVCC_Msg_Timeout on supportedAppProtocolReq and closes', async () => {
  const secc = await silentSecc();
  try {
    const started = systemClock.now();
    const { result } = await evVia(secc.sdpPort, { timing: { V2G_EVCC_Msg_Timeout: { default: 200 } } });
    assertFailed(result, /V2G_EVCC_Msg_Timeout: no supportedAppProtocolRes/);
    assertTook(started, 200, 'the EVCC giving up');
    assert.ok(secc.bytesRead() > 0, 'the request reached the SECC');
    await within(secc.evccClosed, 'the EVCC closing its connection');
  } finally {
    await secc.close();
  }
});

test('an SECC that falls silent after the handshake: V2G_EVCC_Msg_Timeout on SessionSetupReq', async () => {
  const secc = await silentAfterHandshake(['iso2']);
  try {
    const { result } = await evVia(secc.sdpPort, { timing: { V2G_EVCC_Msg_Timeout: { default: 200 } } });
    assertFailed(result, /V2G_EVCC_Msg_Timeout.*SessionSetupReq/);
    assert.equal(
      result.messages.map((m) => m.name),
      ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq'],
    );
    await within(secc.evccClosed, 'the EVCC closing its connection');
  } finally {
    await secc.close();
  }
});

test('V2G_EVCC_CommunicationSetup_Timeout bounds SDP, connection and handshake together', async () => {
  const secc = await silentSecc();
  try {
    const started = systemClock.now();
    const { result } = await evVia(secc.sdpPort, { timing: { session: { V2G_EVCC_CommunicationSetup_Timeout: 250 } } });
    assertFailed(result, /V2G_EVCC_CommunicationSetup_Timeout/);
    // The 2 s V2G_EVCC_Msg_Timeout of the handshake would end it much later.
    assertTook(started, 250, 'the setup timer', 1_500);
  } finally {
    await secc.close();
  }
});

test('V2G_EVCC_CommunicationSetup_Timeout while connecting: a TLS handshake that never completes ends the run', async () => {
  const secc = await silentSecc(true);
  try {
    const started = systemClock.now();
    const { result } = await evVia(secc.sdpPort, { pki, timing: { session: { V2G_EVCC_CommunicationSetup_Timeout: 250 } } });
    assertFailed(result, /V2G_EVCC_CommunicationSetup_Timeout while connecting/);
    // The transport's own connect bound is 5 s.
    assertTook(started, 250, 'the setup timer', 1_500);
    assert.ok(secc.bytesRead() > 0, 'the ClientHello reached the SECC');
  } finally {
    await secc.close();
  }
});

test('SDP with nobody answering: the EVCC fails after SDP_Max_Request_Counter requests, one per SDP_Response_Timeout', async () => {
  const deaf = await openUdpSocket({ address: '::1' });
  let requests = 0;
  const heard = deaf.datagrams$.subscribe(() => requests++);
  try {
    const started = systemClock.now();
    const { result } = await evVia(deaf.local.port, { sdpTiming: { SDP_Response_Timeout: 50, SDP_Max_Request_Counter: 4 } });
    assertFailed(result, /^SDP: /);
    assert.is(requests, 4, 'the first request and three retries');
    assertTook(started, 4 * 50, 'four SDP_Response_Timeouts');
    assert.is(result.secc, undefined);
  } finally {
    heard.unsubscribe();
    await deaf.close();
  }
});

test('TCP reset mid-session: the SECC fails that session only, in CurrentDemand; the EVCC fails too; the other session charges', async () => {
  const station = await startTestStation('dc');
  const cable = await cableTo(station.station.address);
  const sdp = await announce(cable.address);
  const battery = farFromFull();
  try {
    const healthy = healthyEv(station);
    let loops = 0;
    const { result } = await chargeEv(station.station, 'iso2-dc', {
      sdpPort: sdp.port,
      battery,
      onMessage: (m) => {
        if (m.name === 'CurrentDemandRes' && ++loops === 3) cable.cut();
      },
    });
    assertFailed(result, /connection lost|reset/);
    assert.is(count(result.messages, 'CurrentDemandRes'), 3, 'the cable was cut in the CurrentDemand loop');
    await healthy;
    const cut = leftMidCharge(station);
    assert.ok(cut, 'the SECC session behind the cable');
    const outcome = await within(cut.outcome, 'the SECC session behind the cable');
    assert.is(outcome.result, 'failed');
    assert.match(outcome.reason ?? '', /connection lost|reset/);
    assert.match(cut.channel.getSnapshot().output?.reason ?? '', /^connection lost: /, 'the channel actor ends closed by the reset');
    assert.is(cut.connection.getSnapshot().output?.failure, 'reset', 'the connection actor ends failed: reset');
    const stage = station.supplies[station.sessions.indexOf(cut)];
    assert.is(stage?.status.presentCurrent, 0, 'the SECC switched the power stage of the lost session off');
    const outcomes = await within(Promise.all(station.sessions.map((s) => s.outcome)), 'every SECC session');
    assert.equal(outcomes.map((o) => o.result).sort(), ['failed', 'stopped'], 'one session failed, the other stopped');
  } finally {
    battery.stop();
    await sdp.close();
    await cable.close();
    await station.close();
  }
});

test('a link that falls silent mid-CurrentDemand: the EVCC ends by V2G_EVCC_Msg_Timeout, the SECC by V2G_SECC_Sequence_Timeout', async () => {
  const sequenceTimeout = 300;
  const station = await startTestStation('dc', { timing: { session: { V2G_SECC_Sequence_Timeout: sequenceTimeout } } });
  const cable = await cableTo(station.station.address);
  const sdp = await announce(cable.address);
  const battery = farFromFull();
  try {
    const healthy = healthyEv(station);
    let loops = 0;
    const { result } = await evVia(sdp.port, {
      battery,
      onMessage: (m) => {
        if (m.name === 'CurrentDemandRes' && ++loops === 3) cable.mute();
      },
    });
    assertFailed(result, /V2G_EVCC_Msg_Timeout.*CurrentDemandReq/);
    assert.is(result.messages.at(-1)?.name, 'CurrentDemandReq', 'the last request went unanswered');
    await healthy;
    const muted = leftMidCharge(station);
    assert.ok(muted, 'the SECC session behind the muted link');
    const outcome = await within(muted.outcome, 'the SECC session behind the muted link', 4 * sequenceTimeout);
    assert.is(outcome.result, 'failed');
    assert.match(outcome.reason ?? '', /V2G_SECC_Sequence_Timeout/);
  } finally {
    battery.stop();
    await sdp.close();
    await cable.close();
    await station.close();
  }
});

test('a vehicle adapter that breaks its contract ends the EVCC run with a reason and closes the connection; the SECC is not left waiting', async () => {
  const station = await startTestStation('dc');
  try {
    // status$ must replay the latest status on subscription (adapters/vehicle/vehicle-adapter.ts); this one never reports at all.
    const mute: VehicleAdapter = { status$: new Subject<VehicleStatus>(), command: () => undefined };
    const result = await within(
      runEvcc({
        sdpTarget: '::1',
        sdpPort: station.station.sdpPort,
        protocols: ['din'],
        vehicle: mute,
        evccId: EVCC_ID,
        settings: {},
        loopInterval: 5,
      }),
      'the EVCC run',
    );
    assertFailed(result, /the vehicle did not report its status/);
    const secc = await outcomeOf(station, 1);
    assert.is(secc.result, 'failed');
    assert.match(secc.reason ?? '', /peer closed/);
    await healthyEv(station);
  } finally {
    await station.close();
  }
});

test('malformed V2GTP headers close that connection only; the station keeps serving', async () => {
  const station = await startTestStation('dc');
  const frames = [
    // Inverse protocol version wrong.
    Uint8Array.of(0x01, 0xff, 0x80, 0x01, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00),
    // Unknown payload type.
    Uint8Array.of(0x01, 0xfe, 0x12, 0x34, 0x00, 0x00, 0x00, 0x02, 0x80, 0x00),
    // A payload length of 4 GiB - 1: refused from the header, nothing allocated for it.
    Uint8Array.of(0x01, 0xfe, 0x80, 0x01, 0xff, 0xff, 0xff, 0xff),
  ];
  try {
    for (const frame of frames) {
      const socket = await openSocket(station.station.address);
      const port = socket.localPort ?? 0;
      socket.write(frame);
      await within(new Promise((resolve) => socket.once('close', resolve)), 'the station closing the connection');
      const secc = await seccOutcome(station, { address: '::1', port });
      assert.is(secc.result, 'failed');
      assert.match(secc.reason ?? '', /V2GTP/);
      const session = await sessionFrom(station, { address: '::1', port });
      const channel = session.channel.getSnapshot();
      assert.is(channel.value, 'invalid', 'the channel actor ends invalid');
      assert.is(channel.output?.fault, 'v2gtpHeader');
      assert.match(channel.output?.reason ?? '', /^bad V2GTP header: /);
      assert.match(session.connection.getSnapshot().output?.reason ?? '', /^reset by this side: bad V2GTP header/);
    }
    await healthyEv(station);
  } finally {
    await station.close();
  }
});

test('malformed SDP datagrams are dropped and logged rate-limited (the first in full, then a count); the next SDP request is answered', async () => {
  const station = await startTestStation('dc');
  const sender = await openUdpSocket({ address: '::1' });
  try {
    const request = encodeSdpMessage({
      kind: 'SDPRequest',
      wireless: false,
      Security: Security.NoTransportSecurity,
      TransportProtocol: TransportProtocol.TCP,
    });
    const garbage = [
      Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
      // A request one byte short.
      request.slice(0, request.length - 1),
      // A request header announcing a 64-byte payload that is not there.
      Uint8Array.of(...request.slice(0, 4), 0, 0, 0, 0x40, 0x10, 0x00),
    ];
    for (const datagram of garbage) await sender.send(datagram, '::1', station.station.sdpPort);
    await healthyEv(station);
    const dropped = station.lines.filter((line) => line.startsWith('SECC SDP: dropped'));
    assert.is(dropped.length, 1, `the first bad datagram in full:\n${station.lines.join('\n')}`);
    assert.match(dropped[0]!, /SdpError: .*\(byte 4\)/);
    await station.close();
    const summary = station.lines.filter((line) => line.includes('more like it'));
    assert.equal(summary.length, 1, `the rest summed up when the station closes:\n${station.lines.join('\n')}`);
    assert.match(summary[0]!, /^2 more like it within 10 s, the last: SECC SDP: dropped 10-byte datagram .*SdpError/);
  } finally {
    await sender.close();
    await station.close();
  }
});

test('TLS with an untrusted root: the EVCC refuses the SECC with a TlsError, the station keeps serving trusted EVs', async () => {
  const station = await startTestStation('dc', { pki });
  try {
    const { result } = await chargeEv(station.station, 'iso2-dc', { pki: unrelated });
    assertFailed(result, /^TlsError: .*untrusted-chain/);
    assert.is(result.secc?.security, 'tls', 'SDP offered TLS');
    assert.equal(result.messages, [], 'not one V2G message went over the refused connection');
    // Node's TLS client checks the chain once the handshake is done, then drops the connection without an alert: the
    // SECC has seen a TLS session, which ends at once, failed, without a message.
    const refused = station.sessions[0];
    assert.ok(refused, 'the refused connection reached the SECC');
    const refusedOutcome = await within(refused.outcome, 'the refused session');
    assert.equal(refusedOutcome, { result: 'failed', reason: 'connection closed: the peer closed the connection' });
    assert.equal(refused.messages, []);
    await healthyEv(station, { pki });
    assert.is((await outcomeOf(station, 2)).result, 'stopped', 'the trusted EV became the second session');
  } finally {
    await station.close();
  }
});

test('a TLS handshake the SECC refuses (an EV offering only TLS 1.3): no session, the connection\'s actor ends failed, the station keeps serving', async () => {
  const inspector = createInspector();
  const names = new Map<string, string>();
  // The first connection's snapshots, by the name the station gave its actor.
  const firstConnection$ = inspector.events$.pipe(
    filter((event) => {
      if (event.type === '@xstate.actor') names.set(event.sessionId, event.name);
      return event.type === '@xstate.snapshot' && names.get(event.sessionId) === 'secc/1/connection';
    }),
    map((event) => (event.type === '@xstate.snapshot' ? event.snapshot : {})),
  );
  const failed = firstValueFrom(firstConnection$.pipe(first((snapshot) => snapshot.value === 'failed'), timeout(2_000)));
  failed.catch(() => undefined);
  const station = await startTestStation('dc', { pki, inspect: inspector.inspect });
  try {
    const tlsPort = station.station.tlsAddress?.port;
    assert.ok(tlsPort, 'the station listens for TLS');
    const refused = await connectTls({ host: '::1', port: tlsPort, version: 'tls1.3', trustedRoots: [pki.v2gRootCa.pem] }).then(
      (c) => c.destroy('should not have connected'),
      (error: unknown) => error,
    );
    assert.instance(refused, TlsError);
    const { output } = await failed;
    assert.is(typeof output === 'object' && output !== null && 'failure' in output ? output.failure : undefined, 'handshake');
    assert.ok(station.lines.some((line) => line.startsWith('SECC TLS handshake failed')), 'and a log line says so');
    assert.equal(station.sessions, [], 'no session came of it');
    await healthyEv(station, { pki });
    assert.is((await outcomeOf(station, 1)).result, 'stopped', 'the next EV charges');
  } finally {
    await station.close();
  }
});

/**
 * `what` took at least `min` ms since `started` (and less than `max`). Node may run a timer up to a millisecond before
 * performance.now() reaches its due time, hence the small allowance.
 */
function assertTook(started: number, min: number, what: string, max = Infinity): void {
  const took = systemClock.now() - started;
  const expected = max < Infinity ? `${min} to ${max} ms` : `${min} ms or more`;
  assert.ok(took >= min - 2 && took < max, `${what} after ${took.toFixed(1)} ms: expected ${expected}`);
}

const WORKER_BOUND_MS = 60_000;

test('a station whose TLS server cannot start (unreadable key) rejects and leaves nothing open', async () => {
  const credentials = { ...seccTlsCredentials(pki), key: 'not a PEM key' };
  const worker = new Worker(new URL('./station-start.worker.js', import.meta.url), { workerData: credentials });
  try {
    const said = new Promise<unknown>((resolve) => worker.once('message', resolve));
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    // A worker loads the whole stack before it starts the station: on a loaded host that alone can take seconds, so
    // these bounds only catch a hang.
    assert.match(String(await within(said, 'the station starting', WORKER_BOUND_MS)), /^rejected: /);
    // The TCP server was listening when the TLS one failed: a worker exits on its own only when nothing is left open.
    assert.is(await within(exited, 'the worker exiting on its own', WORKER_BOUND_MS), 0);
  } finally {
    await worker.terminate();
  }
});

function assertFailed(result: EvccResult, reason: RegExp): void {
  assert.is(result.outcome.result, 'failed', JSON.stringify(result.outcome));
  assert.match(result.outcome.reason ?? '', reason, `${JSON.stringify(result.outcome.reason)} matches ${reason}`);
}

/** A bare TCP connection to the SECC; a reset from the SECC later is expected, not an error of the test. */
function openSocket(secc: Endpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: secc.address, port: secc.port }, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

test.run();
