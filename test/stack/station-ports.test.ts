/**
 * The ports SDP announces and the EVCC's SDP port lie in the dynamic range 49152–65535 (ISO 15118-2 §7.10.1.2): the
 * SECC chooses its V2G TCP and TLS ports there at every start (a fixed port outside it is used with a warning), chooses
 * again on a clash and fails with a typed error when nothing is free; the EVCC's SDP client binds there; an EVCC told of a port outside the range says so and
 * charges all the same.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverSecc } from '../../actors/sdp/discover-secc.js';
import { startSeccServers } from '../../actors/stack/secc-station.js';
import { generateTestPki, seccTlsCredentials } from '../../crypto/index.js';
import { DYNAMIC_PORTS, isDynamicPort, openOnDynamicPort, randomDynamicPort } from '../../transport/dynamic-ports.js';
import { TransportError } from '../../transport/transport-errors.js';
import { listenTcp } from '../../transport/tcp.js';
import { chargeEv, QUICK_SDP, startTestStation } from './harness.js';

const pki = await generateTestPki();
const credentials = seccTlsCredentials(pki);

test('50 starts: every announced V2G TCP and TLS port is in 49152-65535', async () => {
  const seen: number[] = [];
  for (let start = 0; start < 50; start++) {
    const servers = await startSeccServers({
      host: '::1',
      protocols: ['iso2'],
      evseId: 'DE*KPH*E0000001',
      tls: { credentials },
      powerModule: () => {
        throw new Error('no session expected');
      },
    });
    try {
      seen.push(servers.address.port, servers.tlsAddress!.port);
      assert.is.not(servers.address.port, servers.tlsAddress!.port);
    } finally {
      await servers.close();
    }
  }
  const outside = seen.filter((port) => !isDynamicPort(port));
  assert.equal(outside, [], `ports outside ${DYNAMIC_PORTS.first}-${DYNAMIC_PORTS.last}`);
  assert.ok(new Set(seen).size > 50, 'chosen at random, not one port over and over');
});

test('a taken port is passed over for another', async () => {
  const taken = await openOnDynamicPort((port) => listenTcp({ host: '::1', port }), '[::1]:0');
  const picks = [taken.address.port, taken.address.port];
  const tried: number[] = [];
  try {
    const pick = (): number => picks.shift() ?? randomDynamicPort();
    const other = await openOnDynamicPort((port) => (tried.push(port), listenTcp({ host: '::1', port })), '[::1]:0', 8, pick);
    await other.close();
    assert.equal(tried.slice(0, 2), [taken.address.port, taken.address.port], 'the taken port was tried, twice');
    assert.is.not(other.address.port, taken.address.port);
    assert.ok(isDynamicPort(other.address.port));
  } finally {
    await taken.close();
  }
});

test('no free port after the tries: a TransportError (address-in-use) that says so', async () => {
  const taken = await openOnDynamicPort((port) => listenTcp({ host: '::1', port }), '[::1]:0');
  try {
    const attempt = openOnDynamicPort((port) => listenTcp({ host: '::1', port }), '[::1]:0', 4, () => taken.address.port);
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(error, TransportError);
    assert.is((error as TransportError).reason, 'address-in-use');
    assert.match((error as Error).message, /no free port in 49152-65535 after 4 tries/);
  } finally {
    await taken.close();
  }
});

test("the EVCC's SDP requests come from a port in the dynamic range", async () => {
  const station = await startTestStation('dc');
  try {
    const sent: number[] = [];
    for (let run = 0; run < 10; run++) {
      const result = await discoverSecc({
        target: '::1',
        port: station.station.sdpPort,
        security: 'tcp',
        timing: QUICK_SDP,
        onTraffic: (t) => (t.direction === 'out' ? sent.push(t.local.port) : undefined),
      });
      assert.ok(result.ok, JSON.stringify(result));
    }
    // One per run at least; a loaded host may make a run ask twice.
    assert.ok(sent.length >= 10, `${sent.length} requests`);
    assert.equal(sent.filter((port) => !isDynamicPort(port)), [], `SDP requests from ports ${sent.join(', ')}`);
  } finally {
    await station.close();
  }
});

test('an SECC port outside the range: the EVCC warns and charges all the same; the SECC warned at its start', async () => {
  const low = await openOnDynamicPort((port) => listenTcp({ host: '::1', port }), '[::1]:0', 32, () => 20_000 + Math.floor(Math.random() * 10_000));
  const port = low.address.port;
  await low.close();
  const station = await startTestStation('dc', { port });
  try {
    assert.is(station.station.address.port, port);
    assert.ok(station.lines.some((l) => l.includes(`V2G TCP port ${port} is outside the dynamic range`)), station.lines.join('\n'));
    const evLines: string[] = [];
    const ev = await chargeEv(station.station, 'iso2-dc', { log: (line) => evLines.push(line) });
    assert.is(ev.result.outcome.result, 'stopped', JSON.stringify(ev.result.outcome));
    assert.is(ev.result.secc?.port, port);
    const warning = evLines.find((l) => l.includes('outside the dynamic range'));
    assert.match(warning ?? '', new RegExp(`^EVCC SDP: warning: SECCPort ${port} is outside the dynamic range 49152-65535`));
  } finally {
    await station.close();
  }
});

test.run();
