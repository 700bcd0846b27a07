/**
 * The variants a session takes beside its main path: pause and resume, renegotiation, standby, Plug & Charge's place,
 * a ScheduleExchange still Ongoing; and the builders' typed errors for facts an element cannot carry.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode, encode } from '../../codecs/exi/index.js';
import type { V2gDocument } from '../../codecs/exi/v2g-document.js';
import { dcChargeLoopReq } from '../../machines/iso20/iso20-dc-messages.js';
import { isNewSessionRequest, NO_SESSION_ID } from '../../machines/iso20/iso20-header.js';
import { powerDeliveryReq, readPowerDeliveryReq } from '../../machines/iso20/iso20-power-delivery.js';
import { Iso20FactsError } from '../../machines/iso20/iso20-quantities.js';
import { placeholderScheduleControl, readScheduleExchangeRes, scheduleExchangeRes } from '../../machines/iso20/iso20-schedule-exchange.js';
import * as st from '../../machines/iso20/iso20-setup-messages.js';
import { CTX } from './session-facts.js';

/** Through the strict codec and back: the decoded document's one element. */
function wire<T>(doc: V2gDocument): T {
  const back = decode(doc.schema, encode(doc.schema, doc.document)) as unknown as Record<string, T>;
  assert.equal(back, doc.document);
  return Object.values(back)[0];
}

test('PowerDelivery: Standby, ScheduleRenegotiation, EV still Ongoing, BPT Charge', () => {
  for (const f of [
    { processing: 'Finished', progress: 'Standby' },
    { processing: 'Finished', progress: 'ScheduleRenegotiation' },
    { processing: 'Ongoing', progress: 'Start' },
    { processing: 'Finished', progress: 'Start', channel: 'Charge', profile: { timeAnchorS: 1_765_000_000, control: { mode: 'Dynamic' }, entries: [{ durationS: 60, power: -11_000 }] } },
  ] as const) {
    assert.equal(readPowerDeliveryReq(wire(powerDeliveryReq(CTX, f))), f);
  }
});

test('SessionStop: Pause and ServiceRenegotiation; SessionSetup joining the paused session', () => {
  for (const chargingSession of ['Pause', 'ServiceRenegotiation'] as const) {
    assert.equal(st.readSessionStopReq(wire(st.sessionStopReq(CTX, { chargingSession }))), { chargingSession });
  }
  assert.equal(st.readSessionSetupRes(wire(st.sessionSetupRes(CTX, { responseCode: 'OK_OldSessionJoined', evseId: 'DE*KPR*E1' }))), { responseCode: 'OK_OldSessionJoined', evseId: 'DE*KPR*E1' });
  assert.ok(isNewSessionRequest(NO_SESSION_ID));
  assert.not.ok(isNewSessionRequest(CTX.sessionId));
  wire(st.sessionSetupReq({ ...CTX, sessionId: NO_SESSION_ID }, 'WMIV1234567890ABCDEF'));
});

test("Plug & Charge keeps its place: the SECC's challenge, the EV's signed mode element", () => {
  const setup = { responseCode: 'OK', services: ['PnC', 'EIM'], certificateInstallationService: true, pnc: { genChallenge: new Uint8Array(16).fill(7), supportedProviders: ['DE-KPR'] } } as const;
  assert.equal(st.readAuthorizationSetupRes(wire(st.authorizationSetupRes(CTX, setup))), setup);
  const pnc = {
    '@Id': 'auth1',
    GenChallenge: new Uint8Array(16).fill(7),
    ContractCertificateChain: { Certificate: new Uint8Array(4), SubCertificates: { Certificate: [new Uint8Array(4)] } },
  };
  assert.equal(st.readAuthorizationReq(wire(st.authorizationReq(CTX, { service: 'PnC', pnc }))), { service: 'PnC', pnc });
  assert.equal(st.readAuthorizationRes(wire(st.authorizationRes(CTX, { responseCode: 'WARNING_EIMAuthorizationFailure', processing: 'Finished' }))).responseCode, 'WARNING_EIMAuthorizationFailure');
});

test('ScheduleExchangeRes while Ongoing carries the selected mode\'s placeholder, valid by the XSD', () => {
  for (const mode of ['Scheduled', 'Dynamic'] as const) {
    const f = { responseCode: 'OK', processing: 'Ongoing', control: placeholderScheduleControl(mode, 1_765_000_000) } as const;
    assert.equal(readScheduleExchangeRes(wire(scheduleExchangeRes(CTX, f))), f);
  }
});

test('facts an element cannot carry are an Iso20FactsError naming the element and the field', () => {
  const loop = (control: Parameters<typeof dcChargeLoopReq>[1]['control']) => () => dcChargeLoopReq(CTX, { meterInfoRequested: false, presentVoltage: 400, control });
  assert.throws(loop({ mode: 'Scheduled', bpt: false, quantities: { TargetCurrent: 10 } }), (e: unknown) => e instanceof Iso20FactsError && /Scheduled_DC_CLReqControlMode: needs TargetVoltage/.test(e.message));
  assert.throws(loop({ mode: 'Scheduled', bpt: false, quantities: { TargetCurrent: 10, TargetVoltage: 400, MaximumDischargePower: 1 } }), /Scheduled_DC_CLReqControlMode: has no MaximumDischargePower/);
  assert.throws(loop({ mode: 'Scheduled', bpt: false, departureTime: 60, quantities: { TargetCurrent: 10, TargetVoltage: 400 } }), /has no DepartureTime/);
});

test.run();
