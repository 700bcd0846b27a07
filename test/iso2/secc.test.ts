/**
 * The ISO 15118-2 SECC on its own, the EV scripted by the test: given this state and this request, the answer and
 * the next state (SESSIONS.md §0, §2.1). Every answer passes the EXI codec on its way back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { A, EVCC_ID, outcomeText, scriptedSecc, seccInput, SESSION_ID, V, type Scripted } from './wiring.js';

type Secc = ReturnType<typeof scriptedSecc>;

const ZERO_ID = new Uint8Array(8);

/** An EIM AC session's requests, in order. */
const AC_SEQUENCE: readonly BodyType[] = [
  { SessionSetupReq: { EVCCID: EVCC_ID } },
  { ServiceDiscoveryReq: {} },
  { PaymentServiceSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } },
  { AuthorizationReq: {} },
  {
    ChargeParameterDiscoveryReq: {
      RequestedEnergyTransferMode: 'AC_three_phase_core',
      AC_EVChargeParameter: { EAmount: { Multiplier: 1, Unit: 'Wh', Value: 3000 }, EVMaxVoltage: V(400), EVMaxCurrent: A(32), EVMinCurrent: A(6) },
    },
  },
  { PowerDeliveryReq: { ChargeProgress: 'Start', SAScheduleTupleID: 1 } },
  { ChargingStatusReq: {} },
  { PowerDeliveryReq: { ChargeProgress: 'Stop', SAScheduleTupleID: 1 } },
  { SessionStopReq: { ChargingSession: 'Terminate' } },
];

function nameOf(body: BodyType): string {
  return Object.keys(body)[0];
}

/** The SECC after the first `steps` requests of the AC session, each answered OK. */
function after(steps: number, input = seccInput()): Secc {
  const s = scriptedSecc(input);
  AC_SEQUENCE.slice(0, steps).forEach((body, i) => {
    s.receive(body, i === 0 ? ZERO_ID : SESSION_ID);
    assert.ok(/:OK/.test(s.last()), `${nameOf(body)} answered ${s.last()}`);
  });
  return s;
}

function outcome(s: Scripted<Secc['actor']>): string {
  const output = s.actor.getSnapshot().output;
  return output ? outcomeText(output) : s.actor.getSnapshot().status;
}

test('SessionSetupReq with SessionID 0: OK_NewSessionEstablished, the runner\'s new SessionID, the EVSEID', () => {
  const s = after(1);
  assert.is(s.last(), 'SessionSetupRes:OK_NewSessionEstablished');
  assert.equal(s.sent[0].V2G_Message.Header.SessionID, SESSION_ID);
  assert.is(s.sent[0].V2G_Message.Body.SessionSetupRes?.EVSEID, 'DE*ABC*E1234567*1');
});

test('an EIM AC session answered OK from SessionSetup to SessionStop, power on and off', () => {
  const s = after(AC_SEQUENCE.length);
  assert.is(outcome(s), 'stopped');
  assert.equal(s.closes, ['SessionStop done (stopped)']);
  assert.ok(s.emitted.includes('evse.command {"type":"contactors","closed":true}'));
  assert.ok(s.emitted.includes('evse.command {"type":"stop"}'));
});

test('ServiceDiscoveryRes: ExternalPayment, the ChargeService with the supported modes, value-added services', () => {
  const services = [{ service: { ServiceID: 3, ServiceName: 'Internet', ServiceCategory: 'Internet', FreeService: true } as const }];
  const s = after(2, seccInput({ services }));
  const res = s.sent[1].V2G_Message.Body.ServiceDiscoveryRes;
  assert.equal(res?.PaymentOptionList.PaymentOption, ['ExternalPayment']);
  assert.equal(res?.ChargeService.SupportedEnergyTransferMode.EnergyTransferMode, ['AC_three_phase_core', 'DC_extended']);
  assert.equal(res?.ServiceList?.Service.map((x) => x.ServiceID), [3]);
});

test('Contract is offered over TLS only', () => {
  const tcp = after(2, seccInput({ paymentOptions: ['Contract', 'ExternalPayment'] }));
  assert.equal(tcp.sent[1].V2G_Message.Body.ServiceDiscoveryRes?.PaymentOptionList.PaymentOption, ['ExternalPayment']);
  const tls = after(2, seccInput({ paymentOptions: ['Contract', 'ExternalPayment'], tls: true }));
  assert.equal(tls.sent[1].V2G_Message.Body.ServiceDiscoveryRes?.PaymentOptionList.PaymentOption, ['Contract', 'ExternalPayment']);
});

test('a request out of sequence: FAILED_SequenceError in its own response type, then the SECC closes', () => {
  const s = after(1);
  s.receive({ AuthorizationReq: {} });
  assert.is(s.last(), 'AuthorizationRes:FAILED_SequenceError');
  assert.is(outcome(s), 'failed: FAILED_SequenceError answered to AuthorizationReq');
  assert.equal(s.closes, ['FAILED_SequenceError answered to AuthorizationReq']);
  assert.equal(s.emitted.slice(-3), ['evse.command {"type":"stop"}', 'evse.command {"type":"contactors","closed":false}', 'channel.close']);
});

test('sequence errors: skipping any step of the AC session, and a second SessionSetupReq', () => {
  let checked = 0;
  for (let k = 0; k + 1 < AC_SEQUENCE.length; k++) {
    // After k steps AC_SEQUENCE[k] is due; sending the one after it skips a step.
    const skipped = AC_SEQUENCE[k + 1];
    if (nameOf(skipped) === nameOf(AC_SEQUENCE[k]) || nameOf(skipped) === 'SessionStopReq') continue;
    checked++;
    const s = after(k);
    s.receive(skipped, k === 0 ? ZERO_ID : SESSION_ID);
    assert.is(s.last(), `${nameOf(skipped).replace(/Req$/, 'Res')}:FAILED_SequenceError`, `after ${k} steps`);
    assert.is(s.actor.getSnapshot().status, 'done');
  }
  assert.is(checked, 7);
  const again = after(3);
  again.receive(AC_SEQUENCE[0]);
  assert.is(again.last(), 'SessionSetupRes:FAILED_SequenceError');
});

test('a Plug & Charge request in an EIM session: FAILED_SequenceError in a schema-valid PaymentDetailsRes', () => {
  const s = after(3);
  s.receive({ PaymentDetailsReq: { eMAID: 'DEABC1234567890', ContractSignatureCertChain: { Certificate: Uint8Array.of(1, 2, 3) } } });
  assert.is(s.last(), 'PaymentDetailsRes:FAILED_SequenceError');
});

test('a request in another session\'s SessionID: FAILED_UnknownSession, then the SECC closes', () => {
  const s = after(1);
  s.receive({ ServiceDiscoveryReq: {} }, Uint8Array.of(8, 8, 8, 8, 8, 8, 8, 8));
  assert.is(s.last(), 'ServiceDiscoveryRes:FAILED_UnknownSession');
  assert.equal(s.sent.at(-1)?.V2G_Message.Header.SessionID, SESSION_ID);
  assert.is(outcome(s), 'failed: FAILED_UnknownSession answered to ServiceDiscoveryReq');
});

test('a response where a request belongs, or an empty body: the SECC closes without answering', () => {
  const s = after(1);
  s.receive({ SessionStopRes: { ResponseCode: 'OK' } });
  assert.is(s.sent.length, 1);
  assert.is(outcome(s), 'failed: SessionStopRes is not a request');
  const empty = after(1);
  empty.receive({});
  assert.is(outcome(empty), 'failed: a V2G_Message Body must carry one message, this one carries 0');
});

test('V2G_SECC_Sequence_Timeout: 60 s without a request after a response, re-armed by every response', () => {
  const s = after(1);
  s.advance(50_000);
  s.receive(AC_SEQUENCE[1]);
  s.advance(59_990);
  assert.is(s.actor.getSnapshot().status, 'active');
  s.advance(20);
  assert.is(outcome(s), 'failed: V2G_SECC_Sequence_Timeout');
  assert.equal(s.closes, ['V2G_SECC_Sequence_Timeout']);
});

test('V2G_SECC_Sequence_Timeout: a ChargingStatusReq that keeps the SECC in its loop pushes it back to 60 s after its response', () => {
  const s = after(7);
  s.advance(50_000);
  s.receive(AC_SEQUENCE[6]);
  // 60 s after the loop was entered its timer fires, short of the deadline the request pushed back.
  s.advance(10_000);
  s.advance(49_990);
  assert.is(s.actor.getSnapshot().status, 'active');
  assert.is(s.actor.getSnapshot().value, 'WaitForChargingStatusOrPowerDelivery');
  s.advance(10);
  assert.is(outcome(s), 'failed: V2G_SECC_Sequence_Timeout');
});

test('PaymentServiceSelection of an option not offered: FAILED_PaymentSelectionInvalid', () => {
  const s = after(2);
  s.receive({ PaymentServiceSelectionReq: { SelectedPaymentOption: 'Contract', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } });
  assert.is(s.last(), 'PaymentServiceSelectionRes:FAILED_PaymentSelectionInvalid');
  assert.is(s.actor.getSnapshot().status, 'done');
});

test('PaymentServiceSelection without the ChargeService, or with a service not offered', () => {
  const parameterSets = [{ ParameterSetID: 1, Parameter: [{ '@Name': 'Protocol', intValue: 80 }] }];
  const services = [{ service: { ServiceID: 3, ServiceCategory: 'Internet', FreeService: true } as const, parameterSets }];
  const select = (selected: { ServiceID: number; ParameterSetID?: number }[]): BodyType => ({
    PaymentServiceSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: selected } },
  });
  const none = after(2, seccInput({ services }));
  none.receive(select([{ ServiceID: 3 }]));
  assert.is(none.last(), 'PaymentServiceSelectionRes:FAILED_NoChargeServiceSelected');
  const unknown = after(2, seccInput({ services }));
  unknown.receive(select([{ ServiceID: 1 }, { ServiceID: 3, ParameterSetID: 2 }]));
  assert.is(unknown.last(), 'PaymentServiceSelectionRes:FAILED_ServiceSelectionInvalid');
  const valid = after(2, seccInput({ services }));
  valid.receive(select([{ ServiceID: 1 }, { ServiceID: 3, ParameterSetID: 1 }]));
  assert.is(valid.last(), 'PaymentServiceSelectionRes:OK');
});

test('ServiceDetail: the parameter sets of an offered service, any number of times; an unknown ID is FAILED_ServiceIDInvalid', () => {
  const parameterSets = [{ ParameterSetID: 1, Parameter: [{ '@Name': 'Port', intValue: 443 }] }];
  const services = [{ service: { ServiceID: 3, ServiceCategory: 'Internet', FreeService: true } as const, parameterSets }];
  const s = after(2, seccInput({ services }));
  s.receive({ ServiceDetailReq: { ServiceID: 3 } });
  s.receive({ ServiceDetailReq: { ServiceID: 3 } });
  const detail = s.sent.at(-1)?.V2G_Message.Body.ServiceDetailRes;
  assert.equal(detail, { ResponseCode: 'OK', ServiceID: 3, ServiceParameterList: { ParameterSet: parameterSets } });
  s.receive({ ServiceDetailReq: { ServiceID: 42 } });
  assert.equal(s.sent.at(-1)?.V2G_Message.Body.ServiceDetailRes, { ResponseCode: 'FAILED_ServiceIDInvalid', ServiceID: 42 });
  assert.is(s.actor.getSnapshot().status, 'done');
});

test('ChargeParameterDiscovery for a mode the EVSE does not support: FAILED_WrongEnergyTransferMode', () => {
  const s = after(4, seccInput({ energyTransferModes: ['DC_extended', 'DC_core'] }));
  s.receive(AC_SEQUENCE[4]);
  assert.is(s.last(), 'ChargeParameterDiscoveryRes:FAILED_WrongEnergyTransferMode');
  assert.ok(s.sent.at(-1)?.V2G_Message.Body.ChargeParameterDiscoveryRes?.AC_EVSEChargeParameter, 'the minimal answer of the requested kind');
  assert.is(s.actor.getSnapshot().status, 'done');
});

test('ChargeParameterDiscovery with the other kind\'s parameters: FAILED_WrongChargeParameter', () => {
  const s = after(4);
  const acParameters = AC_SEQUENCE[4].ChargeParameterDiscoveryReq?.AC_EVChargeParameter;
  s.receive({ ChargeParameterDiscoveryReq: { RequestedEnergyTransferMode: 'DC_extended', AC_EVChargeParameter: acParameters } });
  assert.is(s.last(), 'ChargeParameterDiscoveryRes:FAILED_WrongChargeParameter');
});

test('PowerDelivery with an SAScheduleTupleID not offered: FAILED_TariffSelectionInvalid', () => {
  const s = after(5);
  s.receive({ PowerDeliveryReq: { ChargeProgress: 'Start', SAScheduleTupleID: 2 } });
  assert.is(s.last(), 'PowerDeliveryRes:FAILED_TariffSelectionInvalid');
  assert.is(s.actor.getSnapshot().status, 'done');
  assert.ok(!s.emitted.includes('evse.command {"type":"contactors","closed":true}'), 'no power for a refused PowerDelivery');
});

test('SessionStop before charging: Terminate ends the session, Pause is refused (EVG: only after PowerDelivery)', () => {
  const terminate = after(3);
  terminate.receive({ SessionStopReq: { ChargingSession: 'Terminate' } });
  assert.is(terminate.last(), 'SessionStopRes:OK');
  assert.is(outcome(terminate), 'stopped');
  const pause = after(3);
  pause.receive({ SessionStopReq: { ChargingSession: 'Pause' } });
  assert.is(pause.last(), 'SessionStopRes:FAILED');
  assert.is(outcome(pause), 'failed: FAILED answered to SessionStopReq');
});

test('SessionStop(Pause) after PowerDelivery(Stop): paused, with the SessionID the runner keeps', () => {
  const s = after(AC_SEQUENCE.length - 1);
  s.receive({ SessionStopReq: { ChargingSession: 'Pause' } });
  assert.is(outcome(s), 'paused');
  assert.equal(s.actor.getSnapshot().output?.sessionId, SESSION_ID);
});

test('after SessionStopRes or a FAILED answer the EV is left to close the connection first; after a silent failure the SECC closes at once', () => {
  const closesOf = (s: Secc) => {
    const closes: (boolean | undefined)[] = [];
    s.actor.on('channel.close', ({ afterPeer }) => closes.push(afterPeer));
    return closes;
  };
  const stopped = after(AC_SEQUENCE.length - 1);
  const stoppedCloses = closesOf(stopped);
  stopped.receive(AC_SEQUENCE[AC_SEQUENCE.length - 1]);
  assert.is(outcome(stopped), 'stopped');
  assert.equal(stoppedCloses, [true]);
  const refused = after(1);
  const refusedCloses = closesOf(refused);
  refused.receive(AC_SEQUENCE[3]);
  assert.is(outcome(refused), 'failed: FAILED_SequenceError answered to AuthorizationReq');
  assert.equal(refusedCloses, [true]);
  const silent = after(1);
  const silentCloses = closesOf(silent);
  silent.advance(60_000);
  assert.is(outcome(silent), 'failed: V2G_SECC_Sequence_Timeout');
  assert.equal(silentCloses, [false]);
});

test('SessionSetupReq with the paused session\'s ID: OK_OldSessionJoined and that ID', () => {
  const paused = Uint8Array.of(5, 5, 5, 5, 5, 5, 5, 5);
  const s = scriptedSecc(seccInput({ pausedSessionIds: [Uint8Array.of(7, 7, 7, 7, 7, 7, 7, 7), paused] }));
  s.receive(AC_SEQUENCE[0], paused);
  assert.is(s.last(), 'SessionSetupRes:OK_OldSessionJoined');
  assert.equal(s.sent[0].V2G_Message.Header.SessionID, paused);
  s.receive(AC_SEQUENCE[1], paused);
  assert.is(s.last(), 'ServiceDiscoveryRes:OK');
});

test('SessionStopReq inside the charging loop, before PowerDelivery(Stop): FAILED_SequenceError (SESSIONS.md §0)', () => {
  const s = after(7);
  s.receive({ SessionStopReq: { ChargingSession: 'Terminate' } });
  assert.is(s.last(), 'SessionStopRes:FAILED_SequenceError');
  assert.is(s.actor.getSnapshot().status, 'done');
});

test.run();
