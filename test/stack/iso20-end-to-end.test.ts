/**
 * ISO 15118-20 through the running stack, our EVCC against our SECC over loopback TLS 1.3: SDP, the handshake
 * choosing -20 (offered first), and a whole session to SessionStop for each energy service (AC, DC, AC_BPT, DC_BPT)
 * in each control mode (Scheduled, Dynamic), with the station's -20 chain, mutual TLS on (the SECC's session gets the
 * vehicle's certificate) and off.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LoggedMessage } from '../../actors/stack/message-log.js';
import type { ControlChoice, DemoProtocol } from '../../cli/protocol-choice.js';
import { generateLabPki, vehicleTlsCredentials } from '../../crypto/index.js';
import { chargeEv, count, namesOf, outcomeOf, startTestStation } from './harness.js';

const lab = (await generateLabPki({ profile: 'iso20', ocspResponderUrl: false })).certificates;
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
  } finally {
    await station.close();
  }
}

for (const choice of ['iso20-dc', 'iso20-ac', 'iso20-dc-bpt', 'iso20-ac-bpt'] as const) {
  for (const control of ['scheduled', 'dynamic'] as const) {
    const mutualTls = control === 'dynamic';
    test(`${choice} ${control} over TLS 1.3${mutualTls ? ' with mutual authentication' : ''}: a whole session to SessionStop`, () => chargeIso20(choice, control, mutualTls));
  }
}

test.run();
