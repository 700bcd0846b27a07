/**
 * ISO 15118-20 through the running stack, our EVCC against our SECC over loopback TLS 1.3: SDP, the handshake
 * choosing -20 (offered first), and a whole session to SessionStop for each energy service (AC, DC, AC_BPT, DC_BPT)
 * in each control mode (Scheduled, Dynamic), with the station's -20 chain, mutual TLS on (the SECC's session gets the
 * vehicle's certificate) and off; an EVCC without a certificate where one is required; -20 refused over plain TCP;
 * and one station serving DIN,
 * ISO 15118-2 and -20 EVs at once, TLS 1.2 and 1.3 on its one TLS port.
 */
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { test } from 'uvu';
import type { AnyActorRef } from 'xstate';
import type { PeerCertificate } from '../../base/connection-events.js';
import type { SeccSession } from '../../actors/stack/secc-station.js';
import * as assert from 'uvu/assert';
import type { LoggedMessage } from '../../actors/stack/message-log.js';
import type { ControlChoice, DemoProtocol } from '../../cli/protocol-choice.js';
import { generateLabPki, generateTestPki, vehicleTlsCredentials } from '../../crypto/index.js';
import { chargeEv, count, namesOf, outcomeOf, SESSION_BOUND_MS, startTestStation } from './harness.js';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { v2gDocument } from '../../codecs/exi/index.js';
import { PROTOCOL_VERSIONS } from '../../codecs/exi/v2g-protocols.js';
import { connectTcp } from '../../transport/tcp.js';

const [lab, pki2] = await Promise.all([generateLabPki({ profile: 'iso20', ocspResponderUrl: false }).then((pki) => pki.certificates), generateTestPki()]);
const mutual = { trustedRoots: [lab.oemRootCa.pem], required: true };

const LOOP = { dc: 'DC_ChargeLoopReq', ac: 'AC_ChargeLoopReq' } as const;

function assertSequence(messages: readonly LoggedMessage[], loop: string, side: string): void {
  const names = namesOf(messages);
  assert.equal(names.slice(0, 4), ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq', 'SessionSetupRes'], `${side}: first messages`);
  assert.equal(names.slice(-2), ['SessionStopReq', 'SessionStopRes'], `${side}: last messages`);
  assert.ok(count(messages, loop) >= 2, `${side}: the ${loop} loop ran (${count(messages, loop)} times)`);
  assert.equal(messages.filter((m) => m.responseCode?.startsWith('FAILED')), [], `${side}: no FAILED response`);
}

async function chargeIso20(choice: DemoProtocol, control: ControlChoice, mutualTls: boolean): Promise<void> {
  const mode = choice.startsWith('iso20-ac') ? 'ac' : 'dc';
  const station = await startTestStation(mode, { pki20: lab, clientAuthentication: mutualTls ? mutual : undefined });
  try {
    const { result } = await chargeEv(station.station, choice, { pki: lab, control, tlsCredentials: mutualTls ? vehicleTlsCredentials(lab) : undefined });
    assert.equal(result.outcome.result, 'stopped', `EVCC outcome: ${JSON.stringify(result.outcome)}`);
    assert.is(result.protocol, mode === 'dc' ? 'iso20-dc' : 'iso20-ac');
    assert.is(result.security, 'tls1.3');
    const secc = await outcomeOf(station, 1);
    assert.is(secc.result, 'stopped', `SECC outcome: ${JSON.stringify(secc)}`);
    assert.is(station.sessions[0]?.security, 'tls1.3');
    assertSequence(result.messages, LOOP[mode], 'EVCC');
    assertSequence(station.sessions[0]?.messages ?? [], LOOP[mode], 'SECC');
    assert.is(station.sessions[0]?.messages.length, result.messages.length, 'both sides logged every message');
    const energyWh = station.supplies.reduce((sum, supply) => sum + supply.status.meterWh, 0);
    assert.ok(energyWh > 0, `energy delivered: ${energyWh} Wh`);
    const peer = (await sessionActorOf(station.sessions[0]!)).getSnapshot().context.input.peerCertificate as PeerCertificate | undefined;
    assert.equal(peer?.der, mutualTls ? lab.vehicleLeaf!.der : undefined, 'the session has the vehicle certificate exactly when mutual TLS is on');
  } finally {
    await station.close();
  }
}

/** The session machine of an SECC session, once it started. */
function sessionActorOf(session: SeccSession): Promise<AnyActorRef> {
  return firstValueFrom(session.actors$.pipe(filter(({ layer }) => layer === 'session'), map(({ actor }) => actor)));
}

for (const choice of ['iso20-dc', 'iso20-ac', 'iso20-dc-bpt', 'iso20-ac-bpt'] as const) {
  for (const control of ['scheduled', 'dynamic'] as const) {
    const mutualTls = control === 'dynamic';
    test(`${choice} ${control} over TLS 1.3${mutualTls ? ' with mutual authentication' : ''}: a whole session to SessionStop`, () => chargeIso20(choice, control, mutualTls));
  }
}

test('mutual TLS required: an EVCC without a vehicle certificate is refused, and no session starts', async () => {
  const station = await startTestStation('dc', { pki20: lab, clientAuthentication: mutual });
  try {
    const { result } = await chargeEv(station.station, 'iso20-dc', { pki: lab });
    assert.is(result.outcome.result, 'failed');
    assert.is(result.protocol, undefined, 'no protocol was negotiated');
    assert.equal(station.sessions, [], 'the station announced no session');
    assert.ok(station.lines.some((line) => /TLS handshake failed: .*no certificate/.test(line)), station.lines.join('\n'));
  } finally {
    await station.close();
  }
});

test('over plain TCP the station never chooses -20: an offer of -20 alone gets Failed_NoNegotiation, and no session starts', async () => {
  const station = await startTestStation('dc', { pki20: lab });
  const connection = await connectTcp({ host: station.station.address.address, port: station.station.address.port });
  const channel = createV2gChannel(connection, { protocol: 'apphand' });
  try {
    const { namespace, major, minor } = PROTOCOL_VERSIONS['iso20-dc'];
    const answer = firstValueFrom(channel.events$.pipe(timeout(SESSION_BOUND_MS)));
    channel.send(v2gDocument('apphand', { supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: namespace, VersionNumberMajor: major, VersionNumberMinor: minor, SchemaID: 1, Priority: 1 }] } }));
    const event = await answer;
    assert.is(event.type, 'channel.received');
    const document = (event as { message: { document: { supportedAppProtocolRes?: { ResponseCode: string } } } }).message.document;
    assert.is(document.supportedAppProtocolRes?.ResponseCode, 'Failed_NoNegotiation');
    assert.is(await station.sessions[0]?.protocol, undefined, 'no session protocol');
  } finally {
    channel.close('test over');
    await station.close();
  }
});

test('one station serves a DIN EV over TCP, an ISO 15118-2 EV over TLS 1.2 and an ISO 15118-20 EV over TLS 1.3 at the same time', async () => {
  const station = await startTestStation('dc', { pki: pki2, pki20: lab });
  try {
    const [din, iso2, iso20] = await Promise.all([
      chargeEv(station.station, 'din'),
      chargeEv(station.station, 'iso2-dc', { pki: pki2 }),
      chargeEv(station.station, 'iso20-dc', { pki: lab }),
    ]);
    for (const [run, protocol, security] of [[din, 'din', 'tcp'], [iso2, 'iso2', 'tls1.2'], [iso20, 'iso20-dc', 'tls1.3']] as const) {
      assert.is(run.result.outcome.result, 'stopped', `${protocol}: ${JSON.stringify(run.result.outcome)}`);
      assert.is(run.result.protocol, protocol);
      assert.is(run.result.security, security);
    }
    const served = await Promise.all(station.sessions.map(async (session) => `${await session.protocol} ${session.security} ${(await session.outcome).result}`));
    assert.equal(served.sort(), ['din tcp stopped', 'iso2 tls1.2 stopped', 'iso20-dc tls1.3 stopped']);
    assert.ok(count(iso20.result.messages, 'DC_ChargeLoopReq') >= 2, 'the -20 EV charged in its loop');
  } finally {
    await station.close();
  }
});

test.run();
