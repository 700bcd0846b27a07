/**
 * SDP over real UDP sockets: the SECC's server and the EVCC's client over IPv6 loopback, a malformed datagram among
 * the requests, no server at all, an abort, and (where the host has a link-local interface) multicast to ff02::1.
 * Every socket is closed in `finally`; every wait is bounded by the SDP timing or an rxjs timeout.
 */
import { networkInterfaces } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { firstValueFrom, timeout, toArray } from 'rxjs';
import { SimulatedClock, type InspectionEvent } from 'xstate';
import { decodeSdpMessage, encodeSdpMessage, Security, TransportProtocol } from '../../codecs/sdp/index.js';
import { discoverSecc } from '../../actors/sdp/discover-secc.js';
import { startSdpServer, type SdpServer } from '../../actors/sdp/sdp-server.js';
import { openUdpSocket, withScope, type UdpTraffic } from '../../transport/udp.js';
import { hex } from '../shared/hex.js';

const secc = { address: 'fe80::211:22ff:fe33:4455', port: 61851, tls: 'allow' } as const;
const noTlsRequest = encodeSdpMessage({ kind: 'SDPRequest', wireless: false, Security: Security.NoTransportSecurity, TransportProtocol: TransportProtocol.TCP });
const quick = { SDP_Response_Timeout: 100, SDP_Max_Request_Counter: 5 };

async function loopbackAvailable(): Promise<boolean> {
  try {
    await (await openUdpSocket({ address: '::1' })).close();
    return true;
  } catch {
    console.log('NOTICE: IPv6 loopback (::1) is not available here; the SDP socket tests are skipped.');
    return false;
  }
}

const onLoopback = await loopbackAvailable();

async function withServer(lines: string[], run: (server: SdpServer) => Promise<void>): Promise<void> {
  const server = await startSdpServer({ host: '::1', port: 0, secc, log: (line) => lines.push(line) });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

test('EVCC finds the SECC over ::1: one request, one response, both on traffic$, the actor inspectable', async () => {
  if (!onLoopback) return;
  const lines: string[] = [];
  await withServer(lines, async (server) => {
    const serverTraffic = firstValueFrom(server.traffic$.pipe(toArray()));
    const exchanges = firstValueFrom(server.requests$.pipe(toArray()));
    const clientTraffic: UdpTraffic[] = [];
    const inspected: InspectionEvent[] = [];
    let actorId: string | undefined;
    const result = await discoverSecc({
      target: '::1',
      port: server.port,
      security: 'tls',
      timing: quick,
      onTraffic: (t) => clientTraffic.push(t),
      inspect: (e) => inspected.push(e),
      onActor: (actor) => (actorId = actor.logic.id),
    });
    const { address, port } = secc;
    assert.equal(result, { ok: true, secc: { address, port, security: 'tls', transport: 'tcp' } });
    assert.is(actorId, 'evcc-sdp');
    assert.ok(inspected.some((e) => e.type === '@xstate.snapshot'), 'inspection events arrive');
    const seen = clientTraffic.map((t) => [t.direction, t.bytes.length, t.remote.port]);
    assert.equal(seen, [['out', 10, server.port], ['in', 28, server.port]]);
    assert.equal(clientTraffic[0].bytes, hex('01 fe 9000 00000002 00 00'));
    await server.close();
    assert.equal((await serverTraffic).map((t) => [t.direction, t.bytes.length]), [['in', 10], ['out', 28]]);
    const [exchange] = await exchanges;
    assert.is(exchange.request.Security, Security.TLS);
    assert.is(exchange.response?.Security, Security.TLS);
    assert.equal(lines, []);
  });
});

test('a malformed datagram is dropped with one SdpError line; the next request is answered', async () => {
  if (!onLoopback) return;
  const lines: string[] = [];
  await withServer(lines, async (server) => {
    const client = await openUdpSocket({ address: '::1' });
    try {
      const answer = firstValueFrom(client.datagrams$.pipe(timeout(2_000)));
      await client.send(hex('02 fe 9000 00000002 10 00'), '::1', server.port);
      await client.send(hex('01 fe 9001 00000002 10 00'), '::1', server.port);
      await client.send(noTlsRequest, '::1', server.port);
      const response = decodeSdpMessage((await answer).bytes);
      assert.is(response.kind, 'SDPResponse');
      assert.is(response.kind === 'SDPResponse' && response.Security, Security.NoTransportSecurity);
      assert.is(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], /^SECC SDP: dropped 10-byte datagram from \[::1\]:\d+: SdpError: SDP datagram V2GTP/);
      assert.match(lines[0], /\(byte 0\)/);
      await server.close();
      assert.is(lines.length, 2, 'what was held back is summed up when the server closes');
      assert.match(lines[1], /^1 more like it within 10 s, the last: .*SdpError: SDP response payload length \(byte 4\)/);
    } finally {
      await client.close();
    }
  });
});

test('a flood of malformed datagrams: one line at once, then one summary per interval with the count (injected clock)', async () => {
  if (!onLoopback) return;
  const clock = new SimulatedClock();
  const lines: string[] = [];
  const server = await startSdpServer({ host: '::1', port: 0, secc, log: (line) => lines.push(line), clock, logIntervalMs: 5_000 });
  const client = await openUdpSocket({ address: '::1' });
  const answered = async (): Promise<void> => {
    const answer = firstValueFrom(client.datagrams$.pipe(timeout(2_000)));
    await client.send(noTlsRequest, '::1', server.port);
    await answer;
  };
  try {
    // Datagrams from one socket to another over loopback arrive in order: once the request after them is answered,
    // every malformed one before it has been read.
    for (let n = 0; n < 200; n++) await client.send(hex('02 fe 9000 00000002 10 00'), '::1', server.port);
    await answered();
    assert.is(lines.length, 1, 'the first of the burst, alone');
    assert.match(lines[0], /SdpError/);
    clock.increment(4_999);
    assert.is(lines.length, 1, 'nothing more within the interval');
    clock.increment(1);
    assert.is(lines.length, 2);
    assert.match(lines[1], /^199 more like it within 5 s, the last: SECC SDP: dropped 10-byte datagram .*SdpError/);
    for (let n = 0; n < 3; n++) await client.send(hex('02 fe 9000 00000002 10 00'), '::1', server.port);
    await answered();
    assert.is(lines.length, 2, 'the flood goes on: held for the next summary');
    clock.increment(5_000);
    assert.match(lines[2], /^3 more like it within 5 s/);
    clock.increment(5_000);
    assert.is(lines.length, 3, 'no summary of nothing');
    await client.send(hex('02 fe 9000 00000002 10 00'), '::1', server.port);
    await answered();
    assert.is(lines.length, 4, 'after a quiet interval the next line is written at once');
    assert.match(lines[3], /^SECC SDP: dropped/);
  } finally {
    await client.close();
    await server.close();
  }
});

test('a request for UDP gets no answer and one log line; the EVCC keeps asking and then fails', async () => {
  if (!onLoopback) return;
  const lines: string[] = [];
  await withServer(lines, async (server) => {
    const client = await openUdpSocket({ address: '::1' });
    try {
      const exchange = firstValueFrom(server.requests$.pipe(timeout(2_000)));
      await client.send(hex('01 fe 9000 00000002 10 10'), '::1', server.port);
      assert.equal((await exchange).ignored, 'SDP request for UDP: V2G messages run on TCP only');
      assert.match(lines[0], /no answer to 10-byte datagram .*UDP/);
    } finally {
      await client.close();
    }
  });
});

test('no SECC: the EVCC sends SDP_Max_Request_Counter requests and fails with the reason', async () => {
  if (!onLoopback) return;
  const silent = await openUdpSocket({ address: '::1' });
  try {
    const heard = firstValueFrom(silent.datagrams$.pipe(toArray()));
    const timing = { SDP_Response_Timeout: 20, SDP_Max_Request_Counter: 3 };
    const result = await discoverSecc({ target: '::1', port: silent.local.port, security: 'tcp', timing });
    assert.equal(result, {
      ok: false,
      reason: 'no usable SDP response after 3 SDP requests, SDP_Response_Timeout 20 ms each',
    });
    await silent.close();
    assert.is((await heard).length, 3);
  } finally {
    await silent.close();
  }
});

test('an EVCC answered with the wrong security says so when it gives up', async () => {
  if (!onLoopback) return;
  const server = await startSdpServer({ host: '::1', port: 0, secc: { ...secc, tls: 'prohibit' } });
  try {
    const timing = { SDP_Response_Timeout: 30, SDP_Max_Request_Counter: 2 };
    const result = await discoverSecc({ target: '::1', port: server.port, security: 'tls', timing });
    assert.ok(!result.ok);
    assert.match(result.reason, /^no usable SDP response after 2 SDP requests/);
    assert.match(result.reason, /last fault: the SDP response offers no TLS, the EVCC asked for TLS$/);
  } finally {
    await server.close();
  }
});

test('aborting ends discovery at once with ok: false', async () => {
  if (!onLoopback) return;
  const silent = await openUdpSocket({ address: '::1' });
  try {
    const abort = new AbortController();
    const started = Date.now();
    const pending = discoverSecc({ target: '::1', port: silent.local.port, security: 'tcp', signal: abort.signal });
    setTimeout(() => abort.abort(), 30);
    assert.equal(await pending, { ok: false, reason: 'SDP aborted' });
    assert.ok(Date.now() - started < 1_000, 'not after 50 × 250 ms');
  } finally {
    await silent.close();
  }
});

test('bad timing rejects before a socket is opened', async () => {
  try {
    await discoverSecc({ security: 'tcp', timing: { SDP_Response_Timeout: -1 } });
    assert.unreachable('should reject');
  } catch (e) {
    assert.match(String(e), /SDP_Response_Timeout must be >= 0 ms, got -1/);
  }
});

test('an SECC bound to every address needs a concrete address to advertise', async () => {
  try {
    await startSdpServer({ host: '::1', port: 0, secc: { ...secc, address: '::' } });
    assert.unreachable('should reject');
  } catch (e) {
    assert.match(String(e), /SECC address :: is unspecified/);
  }
});

test('link-local unicast and multicast get the interface as scope; other addresses do not', () => {
  assert.is(withScope('ff02::1', 'eth1'), 'ff02::1%eth1');
  assert.is(withScope('fe80::1', 'eth1'), 'fe80::1%eth1');
  assert.is(withScope('fe80::1%eth0', 'eth1'), 'fe80::1%eth0', 'a given scope stays');
  assert.is(withScope('::1', 'eth1'), '::1');
  assert.is(withScope('fd00::2', 'eth1'), 'fd00::2');
  assert.is(withScope('ff02::1', undefined), 'ff02::1');
});

test('an unknown interface is refused instead of quietly using another one', async () => {
  try {
    await discoverSecc({ iface: 'no-such-if0', security: 'tcp', timing: quick });
    assert.unreachable('should reject');
  } catch (e) {
    assert.match(String(e), /network interface no-such-if0 does not exist or has no IPv6 address/);
  }
});

/** A non-loopback interface with a link-local address: where ff02::1 can be exercised on this host. */
function linkLocalInterface(): string | undefined {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (addresses?.some((a) => a.family === 'IPv6' && !a.internal && a.address.startsWith('fe80:'))) return name;
  }
  return undefined;
}

test('multicast: the request to ff02::1%iface reaches the SECC, which advertises the link-local address', async () => {
  const iface = linkLocalInterface();
  if (iface === undefined) {
    console.log('NOTICE: no interface with an IPv6 link-local address; the ff02::1 test is skipped.');
    return;
  }
  const server = await startSdpServer({ iface, port: 0, secc: { ...secc, address: '::' } });
  try {
    const result = await discoverSecc({ iface, port: server.port, security: 'tcp', timing: quick });
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.secc.address, new RegExp(`^fe80:.*%${iface}$`), 'a link-local answer carries the scope');
    assert.is(result.secc.security, 'tcp');
  } finally {
    await server.close();
  }
});

test.run();
