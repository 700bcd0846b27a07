/**
 * Whole charging sessions through the running stack: our EVCC finds our SECC by SDP over [::1], connects over TCP or
 * TLS 1.2, negotiates the protocol and charges a simulated battery from a simulated power stage to SessionStop, for
 * DIN 70121 and ISO 15118-2 AC and DC. Then an ISO 15118-2 session is paused and resumed with its old SessionID.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvccResult } from '../../actors/stack/evcc-client.js';
import type { LoggedMessage } from '../../actors/stack/message-log.js';
import type { DemoProtocol } from '../../cli/protocol-choice.js';
import { simulatedBattery } from '../../cli/simulation.js';
import { generateTestPki } from '../../crypto/index.js';
import { chargeEv, count, heldPhysics, namesOf, outcomeOf, pausingInLoop, startTestStation } from './harness.js';

const pki = await generateTestPki();

/** The loop message of a mode: CurrentDemand for DC, ChargingStatus for AC. */
const LOOP = { dc: 'CurrentDemandReq', ac: 'ChargingStatusReq' } as const;

/** The whole sequence as one side logged it: handshake first, SessionStop last, the charging loop in between. */
function assertSequence(messages: readonly LoggedMessage[], loop: string, side: string): void {
  const names = namesOf(messages);
  const first = ['supportedAppProtocolReq', 'supportedAppProtocolRes', 'SessionSetupReq', 'SessionSetupRes'];
  assert.equal(names.slice(0, 4), first, `${side}: first messages`);
  assert.equal(names.slice(-2), ['SessionStopReq', 'SessionStopRes'], `${side}: last messages`);
  assert.ok(count(messages, loop) >= 2, `${side}: the ${loop} loop ran (${count(messages, loop)} times)`);
  const failed = messages.filter((m) => m.responseCode?.startsWith('FAILED'));
  assert.equal(failed, [], `${side}: no FAILED response`);
}

async function chargeEndToEnd(choice: DemoProtocol, tls: boolean): Promise<void> {
  const mode = choice === 'iso2-ac' ? 'ac' : 'dc';
  const station = await startTestStation(mode, { pki: tls ? pki : undefined });
  try {
    const { result, battery } = await chargeEv(station.station, choice, { pki: tls ? pki : undefined });
    assert.equal(result.outcome.result, 'stopped', `EVCC outcome: ${JSON.stringify(result.outcome)}`);
    assert.is(result.protocol, choice === 'din' ? 'din' : 'iso2');
    assert.is(result.security, tls ? 'tls1.2' : 'tcp');
    assert.is(result.secc?.security, tls ? 'tls' : 'tcp');
    const secc = await outcomeOf(station, 1);
    assert.is(secc.result, 'stopped', `SECC outcome: ${JSON.stringify(secc)}`);
    assert.is(station.sessions[0]?.security, tls ? 'tls1.2' : 'tcp');
    assertSequence(result.messages, LOOP[mode], 'EVCC');
    assertSequence(station.sessions[0]?.messages ?? [], LOOP[mode], 'SECC');
    assert.is(station.sessions[0]?.messages.length, result.messages.length, 'both sides logged every message');
    const energyWh = station.supplies.reduce((sum, supply) => sum + supply.status.meterWh, 0);
    assert.ok(energyWh > 0, `energy delivered: ${energyWh} Wh`);
    assert.ok(battery.status.soc > (mode === 'dc' ? 50 : 70), `the battery charged: SoC ${battery.status.soc}`);
  } finally {
    await station.close();
  }
}

test('DIN 70121 DC over TCP: SDP, handshake, a whole session to SessionStop', () => chargeEndToEnd('din', false));
test('ISO 15118-2 DC over TCP: the CurrentDemand loop to SessionStop', () => chargeEndToEnd('iso2-dc', false));
test('ISO 15118-2 AC over TCP: the ChargingStatus loop to SessionStop', () => chargeEndToEnd('iso2-ac', false));
test('ISO 15118-2 DC over TLS 1.2: the EVCC verifies the CPO chain against its V2G root', () => chargeEndToEnd('iso2-dc', true));
test('ISO 15118-2 AC over TLS 1.2', () => chargeEndToEnd('iso2-ac', true));

test('ISO 15118-2 pause, then resume with the old SessionID: OK_OldSessionJoined, charging goes on to SessionStop; a session once terminated is joined no more', async () => {
  const station = await startTestStation('dc');
  // Held until the pause, so that the small window cannot fill before the EV pauses in its loop.
  const physics = heldPhysics();
  const battery = simulatedBattery(physics.clock, 'dc', { initialSoc: 50, targetSoc: 52 });
  try {
    const paused = await chargeEv(station.station, 'iso2-dc', { battery, ...pausingInLoop(physics.release) });
    assert.is(paused.result.outcome.result, 'paused', `first run: ${JSON.stringify(paused.result.outcome)}`);
    const sessionId = paused.result.outcome.sessionId;
    assert.ok(sessionId && sessionId.some((b) => b !== 0), 'the paused session has a SessionID');
    assertStopKind(paused.result, 'Pause');
    assert.is((await outcomeOf(station, 1)).result, 'paused', 'the SECC ends the first connection paused');
    const socAfterPause = battery.status.soc;

    const resumed = await chargeEv(station.station, 'iso2-dc', { battery, resumeSessionId: sessionId });
    assert.is(resumed.result.outcome.result, 'stopped', `second run: ${JSON.stringify(resumed.result.outcome)}`);
    const setup = resumed.result.messages.find((m) => m.name === 'SessionSetupRes');
    assert.is(setup?.responseCode, 'OK_OldSessionJoined');
    assert.equal(sessionIdOf(resumed.result.messages[2]), sessionId, 'the resuming SessionSetupReq carries the old SessionID');
    assert.equal(resumed.result.outcome.sessionId, sessionId, 'the resumed session keeps its SessionID');
    assertStopKind(resumed.result, 'Terminate');
    assert.ok(count(resumed.result.messages, 'CurrentDemandReq') >= 2, 'the resumed session charges again');
    assert.ok(battery.status.soc > socAfterPause, `SoC rose after the resume: ${socAfterPause} -> ${battery.status.soc}`);
    assert.is((await outcomeOf(station, 2)).result, 'stopped');

    // The resumed session was terminated: its SessionID is unknown now, so the SECC opens a new session [V2G2-756].
    const again = await chargeEv(station.station, 'iso2-dc', { resumeSessionId: sessionId });
    const newSetup = again.result.messages.find((m) => m.name === 'SessionSetupRes');
    assert.is(newSetup?.responseCode, 'OK_NewSessionEstablished');
    assert.not.equal(again.result.outcome.sessionId, sessionId, 'a fresh SessionID');
  } finally {
    battery.stop();
    await station.close();
  }
});

function sessionIdOf(message: LoggedMessage | undefined): Uint8Array | undefined {
  const document = message?.message as { V2G_Message?: { Header: { SessionID: Uint8Array } } } | undefined;
  return document?.V2G_Message?.Header.SessionID;
}

/** ChargingSession of the SessionStopReq: Pause or Terminate. */
function assertStopKind(result: EvccResult, kind: 'Pause' | 'Terminate'): void {
  const stop = result.messages.find((m) => m.name === 'SessionStopReq')?.message as
    | { V2G_Message: { Body: { SessionStopReq: { ChargingSession: string } } } }
    | undefined;
  assert.is(stop?.V2G_Message.Body.SessionStopReq.ChargingSession, kind);
}

test.run();
