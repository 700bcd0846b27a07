/**
 * The ISO 15118-2 EVCC on its own: each of its timers, and how it ends a session on anything but the response it
 * waits for (SESSIONS.md §2.5, TIMING.md §1). The SECC is either the real machine (wired) or scripted by the test.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { bodyElement } from '../../machines/iso2/iso2-messages.js';
import { fromPhysicalValue } from '../../machines/session/physical-value.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { evccInput, scriptedEvcc, seccInput, SESSION_ID, wire, type Scripted, type Wired } from './wiring.js';

const EVSE_ID = 'DE*ABC*E1234567*1';
const AC_STATUS = { NotificationMaxDelay: 0, EVSENotification: 'None', RCD: false } as const;

/** What a conforming AC SECC answers, request by request, up to the charging loop. */
const AC_ANSWERS: Partial<Record<string, BodyType>> = {
  SessionSetupReq: { SessionSetupRes: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: EVSE_ID } },
  ServiceDiscoveryReq: {
    ServiceDiscoveryRes: {
      ResponseCode: 'OK',
      PaymentOptionList: { PaymentOption: ['ExternalPayment'] },
      ChargeService: {
        ServiceID: 1,
        ServiceCategory: 'EVCharging',
        FreeService: false,
        SupportedEnergyTransferMode: { EnergyTransferMode: ['AC_three_phase_core'] },
      },
    },
  },
  PaymentServiceSelectionReq: { PaymentServiceSelectionRes: { ResponseCode: 'OK' } },
  AuthorizationReq: { AuthorizationRes: { ResponseCode: 'OK', EVSEProcessing: 'Finished' } },
  ChargeParameterDiscoveryReq: {
    ChargeParameterDiscoveryRes: {
      ResponseCode: 'OK',
      EVSEProcessing: 'Finished',
      SAScheduleList: {
        SAScheduleTuple: [
          {
            SAScheduleTupleID: 7,
            PMaxSchedule: {
              PMaxScheduleEntry: [
                { RelativeTimeInterval: { start: 0 }, PMax: { Multiplier: 3, Unit: 'W', Value: 11 } },
                { RelativeTimeInterval: { start: 3600, duration: 3600 }, PMax: { Multiplier: 3, Unit: 'W', Value: 200 } },
              ],
            },
          },
        ],
      },
      AC_EVSEChargeParameter: {
        AC_EVSEStatus: AC_STATUS,
        EVSENominalVoltage: { Multiplier: 0, Unit: 'V', Value: 230 },
        EVSEMaxCurrent: { Multiplier: 0, Unit: 'A', Value: 16 },
      },
    },
  },
  PowerDeliveryReq: { PowerDeliveryRes: { ResponseCode: 'OK', AC_EVSEStatus: AC_STATUS } },
};

function requestName(s: Scripted<unknown>): string {
  const element = s.sent.length > 0 ? bodyElement(s.sent[s.sent.length - 1]) : undefined;
  return element?.ok ? element.name : 'none';
}

/** Answers the EVCC as AC_ANSWERS says until it sends `until`. */
function answerUntil(s: ReturnType<typeof scriptedEvcc>, until: string): void {
  for (let i = 0; i < 20 && requestName(s) !== until; i++) {
    const answer = AC_ANSWERS[requestName(s)];
    if (!answer) throw new Error(`no scripted answer to ${requestName(s)}`);
    s.receive(answer);
  }
  assert.is(requestName(s), until);
}

function reason(s: { actor: { getSnapshot(): { output?: { result: string; reason?: string } } } }): string {
  const output = s.actor.getSnapshot().output;
  return `${output?.result}: ${output?.reason}`;
}

function evccEnd(w: Wired): { result?: string; reason?: string; at?: number } {
  const output = w.evcc.getSnapshot().output;
  return { result: output?.result, reason: output?.reason, at: w.closes.find((c) => c.by === 'EVCC')?.at };
}

function firstSent(w: Wired, name: string): number {
  const m = w.messages.find((m) => m.from === 'EVCC' && m.message.V2G_Message.Body[name as keyof BodyType] !== undefined);
  if (!m) throw new Error(`${name} never sent`);
  return m.at;
}

test('V2G_EVCC_Msg_Timeout: no SessionSetupRes within 2 s ends the session, not before', () => {
  const s = scriptedEvcc(evccInput('dc'));
  assert.is(s.last(), 'SessionSetupReq');
  assert.equal(s.sent[0].V2G_Message.Header.SessionID, new Uint8Array(8), 'a new session starts from SessionID 0');
  s.advance(1_990);
  assert.is(s.actor.getSnapshot().status, 'active');
  s.advance(20);
  assert.is(reason(s), 'failed: V2G_EVCC_Msg_Timeout on SessionSetupReq');
  assert.equal(s.closes, ['V2G_EVCC_Msg_Timeout on SessionSetupReq']);
  assert.ok(s.emitted.includes('vehicle.command {"type":"controlPilot","state":"B"}'), 'the vehicle is left in a safe state');
  assert.ok(s.emitted.includes('vehicle.command {"type":"contactors","closed":false}'));
});

test('V2G_EVCC_Msg_Timeout of CurrentDemand is 250 ms', () => {
  const w = wire(evccInput('dc'), seccInput());
  w.advance(3_000);
  w.silenceSecc();
  w.runToEnd();
  const end = evccEnd(w);
  assert.is(end.reason, 'V2G_EVCC_Msg_Timeout on CurrentDemandReq');
  const last = w.messages.filter((m) => m.from === 'EVCC').at(-1);
  assert.is((end.at ?? 0) - (last?.at ?? 0), 250);
  assert.is(w.secc.getSnapshot().output?.result, 'failed', 'the SECC sees the connection go');
});

test('V2G_EVCC_Msg_Timeout follows the deployment: a tolerant 5 s CurrentDemand', () => {
  const w = wire(evccInput('dc', { timing: timingFor('iso2', { V2G_EVCC_Msg_Timeout: { CurrentDemand: 5_000 } }) }), seccInput());
  w.advance(3_000);
  w.silenceSecc();
  w.runToEnd();
  const last = w.messages.filter((m) => m.from === 'EVCC').at(-1);
  assert.is((evccEnd(w).at ?? 0) - (last?.at ?? 0), 5_000);
});

test('V2G_EVCC_Ongoing_Timeout: authorization still pending 60 s after the first AuthorizationReq', () => {
  const w = wire(evccInput('ac'), seccInput(), { evse: { authorized: false } });
  w.runToEnd(70_000);
  const end = evccEnd(w);
  assert.is(end.reason, 'V2G_EVCC_Ongoing_Timeout in Authorization');
  assert.is((end.at ?? 0) - firstSent(w, 'AuthorizationReq'), 60_000);
  assert.is(w.secc.getSnapshot().output?.result, 'failed');
});

test('V2G_EVCC_CableCheck_Timeout: the insulation test never finishes', () => {
  const w = wire(evccInput('dc'), seccInput(), { isolationMs: Infinity });
  w.runToEnd(50_000);
  const end = evccEnd(w);
  assert.is(end.reason, 'V2G_EVCC_CableCheck_Timeout');
  assert.is((end.at ?? 0) - firstSent(w, 'CableCheckReq'), 40_000);
});

test('V2G_EVCC_PreCharge_Timeout: the EVSE output never reaches the battery voltage', () => {
  const w = wire(evccInput('dc'), seccInput(), { followsPrecharge: false });
  w.runToEnd(20_000);
  const end = evccEnd(w);
  assert.is(end.reason, 'V2G_EVCC_PreCharge_Timeout');
  assert.is((end.at ?? 0) - firstSent(w, 'PreChargeReq'), 7_000);
  assert.ok(!w.vehicleCommands.some((c) => c.type === 'contactors' && c.closed), 'contactors never closed');
});

test('a FAILED response code ends the session: nothing more is sent, the channel is closed', () => {
  const s = scriptedEvcc(evccInput('ac'));
  answerUntil(s, 'PaymentServiceSelectionReq');
  s.receive({ PaymentServiceSelectionRes: { ResponseCode: 'FAILED_PaymentSelectionInvalid' } });
  assert.is(reason(s), 'failed: FAILED_PaymentSelectionInvalid in PaymentServiceSelectionRes');
  s.advance(5_000);
  assert.is(s.last(), 'PaymentServiceSelectionReq');
  assert.equal(s.closes, ['FAILED_PaymentSelectionInvalid in PaymentServiceSelectionRes']);
});

test('a response of another type than the pending request ends the session', () => {
  const s = scriptedEvcc(evccInput('ac'));
  s.receive({ ServiceDiscoveryRes: (AC_ANSWERS.ServiceDiscoveryReq as BodyType).ServiceDiscoveryRes });
  assert.is(reason(s), 'failed: ServiceDiscoveryRes received, SessionSetupRes expected');
});

test('a response in another SessionID ends the session', () => {
  const s = scriptedEvcc(evccInput('ac'));
  answerUntil(s, 'ServiceDiscoveryReq');
  s.receive(AC_ANSWERS.ServiceDiscoveryReq as BodyType, Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1));
  assert.is(reason(s), 'failed: SessionID 0807060504030201 is not the session\'s 0102030405060708');
});

test('SessionSetupRes without a SessionID, or joining another session than the paused one, ends the session', () => {
  const s = scriptedEvcc(evccInput('ac'));
  s.receive(AC_ANSWERS.SessionSetupReq as BodyType, new Uint8Array(8));
  assert.is(reason(s), 'failed: SessionSetupRes carries no SessionID (0000000000000000)');

  const resuming = scriptedEvcc(evccInput('ac', { resumeSessionId: Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1) }));
  assert.equal(resuming.sent[0].V2G_Message.Header.SessionID, Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1), 'the paused session\'s ID in the request');
  resuming.receive({ SessionSetupRes: { ResponseCode: 'OK_OldSessionJoined', EVSEID: EVSE_ID } }, SESSION_ID);
  assert.is(reason(resuming), 'failed: OK_OldSessionJoined with SessionID 0102030405060708, not the paused session\'s');
});

test('a response while no request is outstanding ends the session', () => {
  const s = scriptedEvcc(evccInput('ac'));
  s.receive(AC_ANSWERS.SessionSetupReq as BodyType);
  s.receive(AC_ANSWERS.ServiceDiscoveryReq as BodyType);
  s.receive(AC_ANSWERS.ServiceDiscoveryReq as BodyType);
  assert.is(s.actor.getSnapshot().status, 'done');
  assert.ok(reason(s).startsWith('failed: ServiceDiscoveryRes received, PaymentServiceSelectionRes expected'), reason(s));
});

test('the channel closing or an undecodable message ends the session with its reason', () => {
  const closed = scriptedEvcc(evccInput('dc'));
  closed.actor.send({ type: 'channel.closed', reason: 'ECONNRESET' });
  assert.is(reason(closed), 'failed: channel closed: ECONNRESET');
  const invalid = scriptedEvcc(evccInput('dc'));
  invalid.actor.send({ type: 'channel.invalid', reason: 'EXI error at bit 12' });
  assert.is(reason(invalid), 'failed: invalid message: EXI error at bit 12');
  assert.equal(invalid.closes, ['invalid message: EXI error at bit 12']);
});

test('a ServiceDiscoveryRes without ExternalPayment or the EV\'s energy transfer mode ends the session', () => {
  const s = scriptedEvcc(evccInput('dc'));
  answerUntil(s, 'ServiceDiscoveryReq');
  s.receive(AC_ANSWERS.ServiceDiscoveryReq as BodyType);
  assert.is(reason(s), 'failed: ServiceDiscoveryRes offers no ExternalPayment or not our energy transfer mode');
});

test('ServiceDetail for the listed services the EV asks about, then PaymentServiceSelection of the ChargeService', () => {
  const services = [{ service: { ServiceID: 3, ServiceCategory: 'Internet', FreeService: true } as const }];
  const w = wire(evccInput('ac', { serviceDetails: [3, 99] }), seccInput({ services }));
  w.advance(500);
  const bodies = w.messages.map((m) => m.message.V2G_Message.Body);
  const asked = bodies.flatMap((b) => (b.ServiceDetailReq ? [b.ServiceDetailReq.ServiceID] : []));
  assert.equal(asked, [3], 'service 99 is not offered, so not asked about');
  const selection = bodies.find((b) => b.PaymentServiceSelectionReq)?.PaymentServiceSelectionReq;
  assert.equal(selection, { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } });
});

test('PowerDelivery(Start): the first tuple, a ChargingProfile within its PMaxSchedule, CP state C with the request', () => {
  const s = scriptedEvcc(evccInput('ac'));
  answerUntil(s, 'PowerDeliveryReq');
  const pd = s.sent.at(-1)?.V2G_Message.Body.PowerDeliveryReq;
  assert.is(pd?.SAScheduleTupleID, 7);
  assert.equal(
    pd?.ChargingProfile?.ProfileEntry.map((e) => [e.ChargingProfileEntryStart, fromPhysicalValue(e.ChargingProfileEntryMaxPower)]),
    [[0, 11_000], [3600, 80_000]],
    'PMax 11 kW, then the EV\'s 80 kW under a 200 kW PMax',
  );
  assert.ok(s.emitted.indexOf('vehicle.command {"type":"controlPilot","state":"C"}') < s.emitted.lastIndexOf('channel.send'));
});

test('ReceiptRequired (EIM): an unsigned MeteringReceiptReq echoing MeterInfo, then the loop goes on', () => {
  const s = scriptedEvcc(evccInput('ac'));
  answerUntil(s, 'ChargingStatusReq');
  const meterInfo = { MeterID: 'M1', MeterReading: 1234n };
  const status = { ResponseCode: 'OK', EVSEID: EVSE_ID, SAScheduleTupleID: 7, AC_EVSEStatus: AC_STATUS } as const;
  s.receive({ ChargingStatusRes: { ...status, MeterInfo: meterInfo, ReceiptRequired: true } });
  assert.is(s.last(), 'MeteringReceiptReq');
  const receipt = s.sent.at(-1)?.V2G_Message;
  assert.equal(receipt?.Body.MeteringReceiptReq, { SessionID: SESSION_ID, SAScheduleTupleID: 7, MeterInfo: meterInfo });
  assert.is(receipt?.Header.Signature, undefined, 'EIM has no contract key to sign with');
  s.receive({ MeteringReceiptRes: { ResponseCode: 'OK', AC_EVSEStatus: AC_STATUS } });
  s.advance(100);
  assert.is(s.last(), 'ChargingStatusReq');
  assert.is(s.actor.getSnapshot().status, 'active');
});

test('ReceiptRequired without MeterInfo ends the session: there is nothing to acknowledge', () => {
  const s = scriptedEvcc(evccInput('ac'));
  answerUntil(s, 'ChargingStatusReq');
  s.receive({ ChargingStatusRes: { ResponseCode: 'OK', EVSEID: EVSE_ID, SAScheduleTupleID: 7, ReceiptRequired: true, AC_EVSEStatus: AC_STATUS } });
  assert.is(reason(s), 'failed: ReceiptRequired without MeterInfo');
});

test('an isolation Fault: the SECC answers CableCheckRes FAILED and both end', () => {
  const w = wire(evccInput('dc'), seccInput(), { isolationMs: Infinity });
  w.advance(150);
  w.power.set({ isolation: 'Fault', isolationCheckRunning: false });
  w.runToEnd(5_000);
  assert.is(w.evcc.getSnapshot().output?.reason, 'FAILED in CableCheckRes');
  assert.is(w.secc.getSnapshot().output?.reason, 'FAILED answered to CableCheckReq');
  assert.ok(!w.messages.some((m) => m.message.V2G_Message.Body.PreChargeReq), 'no PreCharge on a faulty cable');
});

test('CableCheckRes Finished with EVSEIsolationStatus Fault: the EV refuses the cable itself', () => {
  const dcStatus = { NotificationMaxDelay: 0, EVSENotification: 'None', EVSEStatusCode: 'EVSE_Ready' } as const;
  const s = scriptedEvcc(evccInput('dc'));
  const discovery = (AC_ANSWERS.ServiceDiscoveryReq as BodyType).ServiceDiscoveryRes;
  const dcAnswers: Partial<Record<string, BodyType>> = {
    ...AC_ANSWERS,
    ServiceDiscoveryReq: discovery && {
      ServiceDiscoveryRes: {
        ...discovery,
        ChargeService: { ...discovery.ChargeService, SupportedEnergyTransferMode: { EnergyTransferMode: ['DC_extended'] } },
      },
    },
    ChargeParameterDiscoveryReq: {
      ChargeParameterDiscoveryRes: {
        ResponseCode: 'OK',
        EVSEProcessing: 'Finished',
        SAScheduleList: (AC_ANSWERS.ChargeParameterDiscoveryReq as BodyType).ChargeParameterDiscoveryRes?.SAScheduleList,
        DC_EVSEChargeParameter: {
          DC_EVSEStatus: dcStatus,
          EVSEMaximumCurrentLimit: { Multiplier: 0, Unit: 'A', Value: 100 },
          EVSEMaximumPowerLimit: { Multiplier: 3, Unit: 'W', Value: 50 },
          EVSEMaximumVoltageLimit: { Multiplier: 0, Unit: 'V', Value: 500 },
          EVSEMinimumCurrentLimit: { Multiplier: 0, Unit: 'A', Value: 0 },
          EVSEMinimumVoltageLimit: { Multiplier: 0, Unit: 'V', Value: 150 },
          EVSEPeakCurrentRipple: { Multiplier: 0, Unit: 'A', Value: 1 },
        },
      },
    },
  };
  for (let i = 0; i < 10 && requestName(s) !== 'CableCheckReq'; i++) s.receive(dcAnswers[requestName(s)] as BodyType);
  assert.is(requestName(s), 'CableCheckReq');
  assert.ok(s.emitted.includes('vehicle.command {"type":"controlPilot","state":"C"}'), 'CP C before the cable check');
  s.receive({ CableCheckRes: { ResponseCode: 'OK', DC_EVSEStatus: { ...dcStatus, EVSEIsolationStatus: 'Fault' }, EVSEProcessing: 'Finished' } });
  assert.is(reason(s), 'failed: EVSEIsolationStatus Fault in CableCheckRes');
});

test.run();
