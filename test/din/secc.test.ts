/**
 * The DIN SECC driven by scripted EV requests: each state of SESSIONS.md §1.1 with each request the EV can send
 * (accepted or FAILED_SequenceError), the Ongoing loops, the power module commands, unknown sessions, refused
 * contents and V2G_SECC_Sequence_Timeout. Every transition of the machine is taken by some test (checked last).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor } from 'xstate';
import type { EvseStatus, PowerCommand } from '../../adapters/evse.js';
import type { BodyType, responseCodeType } from '../../codecs/exi/generated/din.types.js';
import { evccRequestName, type EvccStep } from '../../machines/din/din-evcc-requests.js';
import { bodyName, type DinMessage } from '../../machines/din/din-messages.js';
import { isFailedCode } from '../../machines/session/secc/secc-answer.js';
import type { DinSeccInput } from '../../machines/din/din-input.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import { fromPhysicalValue } from '../../machines/session/physical-value.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { EVSE, evRequest, newClock, overTheWire, received, seccInput, SESSION_ID, VEHICLE } from './harness.js';

const coverage = new TransitionCoverage();

/** An EVSE that lets the EV through at once: authorized, isolation tested. */
const READY_EVSE: EvseStatus = { ...EVSE, isolation: 'Valid', presentVoltage: 380, presentCurrent: 100 };

function secc(initial: Partial<EvseStatus> = {}, input: Partial<DinSeccInput> = {}) {
  const clock = newClock();
  const actor = createActor(dinSeccMachine, { clock, input: seccInput(input), inspect: coverage.inspect });
  const answers: DinMessage[] = [];
  const power: PowerCommand[] = [];
  const closes: string[] = [];
  /** The power module's status: it comes with each request, as the session runner hands it over. */
  let evse: EvseStatus = { ...READY_EVSE, ...initial };
  const setEvse = (status: EvseStatus): void => void (evse = status);
  actor.on('channel.send', ({ message }) => answers.push(overTheWire(message.document)));
  actor.on('evse.command', ({ command }) => power.push(command));
  actor.on('channel.close', ({ reason }) => closes.push(reason));
  actor.start();
  /** Sends `step`'s request (or a given message) and returns the answer to it, if any. */
  const send = (request: EvccStep | ReturnType<typeof received>): BodyType | undefined => {
    const before = answers.length;
    actor.send({ ...(typeof request === 'string' ? evRequest(request) : request), evse, time: clock.now() });
    return answers.length > before ? answers.at(-1)!.V2G_Message.Body : undefined;
  };
  const state = (): unknown => actor.getSnapshot().value;
  const at = (target: SeccState) => {
    for (const [step, reached] of PATH) {
      if (state() === target) return;
      send(step);
      assert.is(state(), reached, `${step} leads to ${reached}`);
    }
    assert.is(state(), target);
  };
  return { clock, actor, answers, power, closes, send, setEvse, state, at };
}

type SeccState = typeof STATES[number];

const STATES = [
  'WaitForSessionSetup', 'WaitForServiceDiscovery', 'WaitForServicePaymentSelection', 'WaitForContractAuthentication',
  'WaitForChargeParameterDiscovery', 'WaitForCableCheck', 'WaitForPreCharge', 'WaitForPreChargePowerDelivery',
  'WaitForCurrentDemand', 'WaitForCurrentDemandPowerDelivery', 'WaitForWeldingDetectionSessionStop',
] as const;

/** The EV's standard sequence and the SECC state after each request. */
const PATH: readonly [EvccStep, SeccState][] = [
  ['SessionSetup', 'WaitForServiceDiscovery'],
  ['ServiceDiscovery', 'WaitForServicePaymentSelection'],
  ['ServicePaymentSelection', 'WaitForContractAuthentication'],
  ['ContractAuthentication', 'WaitForChargeParameterDiscovery'],
  ['ChargeParameterDiscovery', 'WaitForCableCheck'],
  ['CableCheck', 'WaitForPreCharge'],
  ['PreCharge', 'WaitForPreChargePowerDelivery'],
  ['PowerDeliveryStart', 'WaitForCurrentDemand'],
  ['CurrentDemand', 'WaitForCurrentDemandPowerDelivery'],
  ['PowerDeliveryStop', 'WaitForWeldingDetectionSessionStop'],
];

/** SESSIONS.md §1.1: what each state accepts (PowerDeliveryStart/Stop are PowerDeliveryReq with ReadyToChargeState true/false). */
const ACCEPTS: Readonly<Record<SeccState, readonly EvccStep[]>> = {
  WaitForSessionSetup: ['SessionSetup'],
  WaitForServiceDiscovery: ['ServiceDiscovery', 'SessionStop'],
  WaitForServicePaymentSelection: ['ServicePaymentSelection', 'SessionStop'],
  WaitForContractAuthentication: ['ContractAuthentication', 'SessionStop'],
  WaitForChargeParameterDiscovery: ['ChargeParameterDiscovery', 'SessionStop'],
  WaitForCableCheck: ['CableCheck', 'SessionStop'],
  WaitForPreCharge: ['PreCharge', 'SessionStop'],
  WaitForPreChargePowerDelivery: ['PreCharge', 'PowerDeliveryStart', 'PowerDeliveryStop', 'SessionStop'],
  WaitForCurrentDemand: ['CurrentDemand'],
  WaitForCurrentDemandPowerDelivery: ['CurrentDemand', 'PowerDeliveryStart', 'PowerDeliveryStop'],
  WaitForWeldingDetectionSessionStop: ['WeldingDetection', 'SessionStop'],
};

const STEPS: readonly EvccStep[] = [
  'SessionSetup', 'ServiceDiscovery', 'ServicePaymentSelection', 'ContractAuthentication', 'ChargeParameterDiscovery', 'CableCheck',
  'PreCharge', 'PowerDeliveryStart', 'CurrentDemand', 'PowerDeliveryStop', 'WeldingDetection', 'SessionStop',
];

function codeOf(body: BodyType | undefined): responseCodeType | undefined {
  return body && Object.values(body).find((b) => b !== undefined)?.ResponseCode;
}

test('the standard sequence: each request answered OK with its response type, SessionStop ends it', () => {
  const s = secc();
  s.at('WaitForWeldingDetectionSessionStop');
  assert.equal(s.answers.map((m) => bodyName(m)), PATH.map(([step]) => evccRequestName(step).replace(/Req$/, 'Res')));
  assert.ok(s.answers.every((m) => !isFailedCode(codeOf(m.V2G_Message.Body)!)));
  const setup = s.answers[0]!.V2G_Message;
  assert.equal(setup.Header.SessionID, SESSION_ID);
  assert.is(setup.Body.SessionSetupRes?.ResponseCode, 'OK_NewSessionEstablished');
  assert.equal(setup.Body.SessionSetupRes?.EVSEID, Uint8Array.of(0x49, 0xa8, 0x9a, 0x63, 0x60), 'EVSEID: DIN\'s nibble coding');
  assert.equal(s.answers[1]!.V2G_Message.Body.ServiceDiscoveryRes, {
    ResponseCode: 'OK',
    PaymentOptions: { PaymentOption: ['ExternalPayment'] },
    ChargeService: { ServiceTag: { ServiceID: 1, ServiceCategory: 'EVCharging' }, FreeService: false, EnergyTransferType: 'DC_extended' },
  });
  const cpd = s.answers[4]!.V2G_Message.Body.ChargeParameterDiscoveryRes!;
  assert.is(cpd.EVSEProcessing, 'Finished');
  assert.is(fromPhysicalValue(cpd.DC_EVSEChargeParameter!.EVSEMaximumVoltageLimit), 500);
  assert.is(cpd.SAScheduleList?.SAScheduleTuple[0]?.PMaxSchedule.PMaxScheduleEntry[0]?.PMax, 32767, 'watts, clamped to a short');
  const demand = s.answers[8]!.V2G_Message.Body.CurrentDemandRes!;
  assert.is(fromPhysicalValue(demand.EVSEPresentVoltage), 380);
  assert.is(demand.DC_EVSEStatus.EVSEStatusCode, 'EVSE_Ready');
  assert.equal(s.power, [
    { type: 'precharge', voltage: 380, current: 2 },
    { type: 'contactors', closed: true },
    { type: 'deliver', voltage: 400, current: 100 },
    { type: 'stop' },
    { type: 'contactors', closed: false },
  ]);
  assert.is(codeOf(s.send('WeldingDetection')), 'OK');
  assert.is(s.state(), 'WaitForWeldingDetectionSessionStop');
  assert.is(codeOf(s.send('SessionStop')), 'OK');
  assert.equal(s.actor.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID });
  assert.equal(s.closes, ['SessionStop done']);
});

test('each state accepts the requests of its row in §1.1 and answers any other with FAILED_SequenceError, then closes', () => {
  let checked = 0;
  for (const state of STATES) {
    for (const step of STEPS) {
      const s = secc();
      s.at(state);
      const answer = s.send(step);
      const expected = evccRequestName(step).replace(/Req$/, 'Res');
      assert.is(answer && bodyName({ V2G_Message: { Header: { SessionID: SESSION_ID }, Body: answer } }), expected, `${step} in ${state}`);
      if (ACCEPTS[state].includes(step)) {
        assert.ok(!isFailedCode(codeOf(answer)!), `${step} in ${state}: ${codeOf(answer)}`);
        assert.is(s.actor.getSnapshot().status, step === 'SessionStop' ? 'done' : 'active');
      } else {
        assert.is(codeOf(answer), 'FAILED_SequenceError', `${step} in ${state}`);
        assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason: `FAILED_SequenceError in ${expected} to ${evccRequestName(step)}`, sessionId: SESSION_ID });
        assert.equal(s.closes, [`FAILED_SequenceError in ${expected} to ${evccRequestName(step)}`]);
        assert.equal(s.power.slice(-2), [{ type: 'stop' }, { type: 'contactors', closed: false }], 'the power module is stopped');
      }
      checked++;
    }
  }
  assert.is(checked, STATES.length * STEPS.length);
});

test('SessionStopReq where §1.1 allows it: SessionStopRes OK, the power module stopped, the channel closed', () => {
  for (const state of STATES.filter((st) => ACCEPTS[st].includes('SessionStop'))) {
    const s = secc();
    s.at(state);
    assert.is(codeOf(s.send('SessionStop')), 'OK');
    assert.equal(s.power.at(-1), { type: 'stop' });
    assert.equal(s.actor.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID }, state);
  }
});

test('a FAILED_SequenceError answer carries only the mandatory fields of its type', () => {
  const s = secc();
  s.at('WaitForServiceDiscovery');
  const answer = s.send('PreCharge');
  assert.equal(answer, { PreChargeRes: {
    ResponseCode: 'FAILED_SequenceError',
    DC_EVSEStatus: { EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' },
    EVSEPresentVoltage: { Multiplier: -3, Unit: 'V', Value: 0 },
  } });
});

test('requests no state accepts (AC, PnC, ServiceDetail) get the minimal FAILED_SequenceError of their type', () => {
  const s = secc();
  s.at('WaitForServiceDiscovery');
  const answer = s.send(received(SESSION_ID, { MeteringReceiptReq: { SessionID: SESSION_ID, MeterInfo: { MeterID: 'M1' } } }));
  assert.is(answer?.MeteringReceiptRes?.ResponseCode, 'FAILED_SequenceError');
  assert.is(s.actor.getSnapshot().output?.result, 'failed');
});

test('a request with another SessionID after SessionSetup: FAILED_UnknownSession, then close', () => {
  const s = secc();
  s.at('WaitForServicePaymentSelection');
  const answer = s.send(evRequest('ServicePaymentSelection', VEHICLE, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)));
  assert.is(answer?.ServicePaymentSelectionRes?.ResponseCode, 'FAILED_UnknownSession');
  assert.equal(s.answers.at(-1)?.V2G_Message.Header.SessionID, SESSION_ID);
  assert.equal(s.closes, ['FAILED_UnknownSession in ServicePaymentSelectionRes to ServicePaymentSelectionReq']);
  assert.is(s.actor.getSnapshot().output?.result, 'failed');
});

test('a second SessionSetupReq is out of sequence, not an unknown session', () => {
  const s = secc();
  s.at('WaitForServiceDiscovery');
  assert.is(codeOf(s.send(evRequest('SessionSetup', VEHICLE, new Uint8Array(8)))), 'FAILED_SequenceError');
});

test('a Body without a request: closed without an answer', () => {
  const s = secc();
  s.at('WaitForServiceDiscovery');
  assert.is(s.send(received(SESSION_ID, { SessionStopRes: { ResponseCode: 'OK' } })), undefined);
  assert.equal(s.closes, ['SessionStopRes is no request; closed without answer']);
  assert.is(s.actor.getSnapshot().output?.result, 'failed');
});

test('ContractAuthentication: Ongoing until the EVSE reports the identification, then Finished', () => {
  const s = secc({ authorized: false });
  s.at('WaitForContractAuthentication');
  for (let i = 0; i < 3; i++) {
    assert.is(s.send('ContractAuthentication')?.ContractAuthenticationRes?.EVSEProcessing, 'Ongoing');
    assert.is(s.state(), 'WaitForContractAuthentication');
  }
  s.setEvse({ ...READY_EVSE, authorized: true });
  assert.is(s.send('ContractAuthentication')?.ContractAuthenticationRes?.EVSEProcessing, 'Finished');
  assert.is(s.state(), 'WaitForChargeParameterDiscovery');
});

test('EIM by a backend: asked once at ServicePaymentSelection, Ongoing until its late verdict, then Finished', () => {
  const s = secc({ authorized: false });
  const asked: unknown[] = [];
  s.actor.on('backend.ask', ({ question }) => asked.push(question));
  s.at('WaitForContractAuthentication');
  assert.equal(asked, [{ kind: 'authorization', means: 'ExternalPayment', evseId: '49*89*6360', sessionId: SESSION_ID }]);
  for (let i = 0; i < 3; i++) {
    s.clock.increment(20_000);
    assert.is(s.send('ContractAuthentication')?.ContractAuthenticationRes?.EVSEProcessing, 'Ongoing');
  }
  s.actor.send({ type: 'backend.reply', reply: { kind: 'authorization', verdict: 'accepted' } });
  assert.is(s.state(), 'WaitForContractAuthentication', 'the verdict waits for the next request');
  assert.is(s.send('ContractAuthentication')?.ContractAuthenticationRes?.EVSEProcessing, 'Finished');
  assert.is(s.state(), 'WaitForChargeParameterDiscovery');
  assert.is(asked.length, 1);
});

test('EIM by a backend: refused is FAILED (then close); never decided, Ongoing until the EV stops asking, then V2G_SECC_Sequence_Timeout', () => {
  const refused = secc({ authorized: false });
  refused.at('WaitForContractAuthentication');
  refused.actor.send({ type: 'backend.reply', reply: { kind: 'authorization', verdict: 'refused' } });
  assert.is(codeOf(refused.send('ContractAuthentication')), 'FAILED');
  assert.equal(refused.actor.getSnapshot().output, { result: 'failed', reason: 'FAILED in ContractAuthenticationRes', sessionId: SESSION_ID });
  assert.equal(refused.closes, ['FAILED in ContractAuthenticationRes']);
  const never = secc({ authorized: false });
  never.at('WaitForContractAuthentication');
  for (let i = 0; i < 6; i++) {
    never.clock.increment(10_000);
    assert.is(never.send('ContractAuthentication')?.ContractAuthenticationRes?.EVSEProcessing, 'Ongoing');
  }
  // In steps of a second, as the clock of a running station fires its timers.
  for (let second = 1; second < 60; second++) never.clock.increment(1_000);
  assert.is(never.state(), 'WaitForContractAuthentication');
  never.clock.increment(1_000);
  assert.equal(never.actor.getSnapshot().output, { result: 'failed', reason: 'V2G_SECC_Sequence_Timeout', sessionId: SESSION_ID });
});

test('CableCheck: starts the isolation test once, Ongoing while it runs, Finished with its result', () => {
  const s = secc({ isolation: 'Invalid' });
  s.at('WaitForCableCheck');
  const first = s.send('CableCheck')?.CableCheckRes;
  assert.is(first?.EVSEProcessing, 'Ongoing');
  assert.equal(s.power, [{ type: 'isolationCheck', voltage: 450 }], 'at the lower maximum voltage: the EV\'s 450 V');
  s.setEvse({ ...READY_EVSE, isolation: 'Invalid', isolationCheckRunning: true });
  const running = s.send('CableCheck')?.CableCheckRes;
  assert.is(running?.EVSEProcessing, 'Ongoing');
  assert.is(running?.DC_EVSEStatus.EVSEStatusCode, 'EVSE_IsolationMonitoringActive');
  assert.is(s.power.length, 1, 'no second test while one runs');
  s.setEvse({ ...READY_EVSE, isolation: 'Warning' });
  const done = s.send('CableCheck')?.CableCheckRes;
  assert.is(done?.EVSEProcessing, 'Finished');
  assert.is(done?.DC_EVSEStatus.EVSEIsolationStatus, 'Warning');
  assert.is(s.state(), 'WaitForPreCharge');
});

test('PreCharge loop, and PowerDelivery(false) before charging: precharge per request, then stop and open', () => {
  const s = secc();
  s.at('WaitForPreChargePowerDelivery');
  s.send('PreCharge');
  assert.is(s.state(), 'WaitForPreChargePowerDelivery');
  assert.equal(s.power, [{ type: 'precharge', voltage: 380, current: 2 }, { type: 'precharge', voltage: 380, current: 2 }]);
  s.send('PowerDeliveryStop');
  assert.is(s.state(), 'WaitForWeldingDetectionSessionStop');
  assert.equal(s.power.slice(-2), [{ type: 'stop' }, { type: 'contactors', closed: false }]);
});

test('CurrentDemand loop: each request sets the output; the EVSE\'s stop and faults reach DC_EVSEStatus', () => {
  const s = secc();
  s.at('WaitForCurrentDemandPowerDelivery');
  s.setEvse({ ...READY_EVSE, notification: 'StopCharging' });
  const stop = s.send('CurrentDemand')?.CurrentDemandRes;
  assert.is(stop?.DC_EVSEStatus.EVSENotification, 'StopCharging');
  s.setEvse({ ...READY_EVSE, fault: 'Malfunction', isolation: 'No_IMD' });
  const fault = s.send('CurrentDemand')?.CurrentDemandRes;
  assert.equal(fault?.DC_EVSEStatus, { EVSEStatusCode: 'EVSE_Malfunction', NotificationMaxDelay: 0, EVSENotification: 'None' });
  assert.is(s.power.filter((c) => c.type === 'deliver').length, 3);
  assert.is(s.state(), 'WaitForCurrentDemandPowerDelivery');
  s.send('PowerDeliveryStart');
  assert.is(s.state(), 'WaitForCurrentDemand', 'PowerDelivery(true) inside the loop: the loop goes on');
});

test('an EV asking beyond the EVSE\'s limits: answered OK with the limit flags, the power stage never commanded beyond them', () => {
  const stage: Partial<EvseStatus> = { maxVoltage: 500, maxCurrent: 200, maxPower: 50_000 };
  const s = secc(stage);
  const beyond = <R extends 'PreChargeReq' | 'CurrentDemandReq'>(name: R): BodyType => {
    const body = evRequest(name === 'PreChargeReq' ? 'PreCharge' : 'CurrentDemand').message.document.V2G_Message.Body[name]!;
    return { [name]: { ...body, EVTargetVoltage: { Multiplier: 0, Unit: 'V', Value: 950 }, EVTargetCurrent: { Multiplier: 0, Unit: 'A', Value: 600 } } };
  };
  s.at('WaitForPreCharge');
  assert.is(codeOf(s.send(received(SESSION_ID, beyond('PreChargeReq')))), 'OK');
  s.send('PowerDeliveryStart');
  const demand = s.send(received(SESSION_ID, beyond('CurrentDemandReq')))?.CurrentDemandRes;
  assert.is(demand?.ResponseCode, 'OK', 'a target beyond the limits is no reason to refuse');
  assert.is(s.state(), 'WaitForCurrentDemandPowerDelivery');
  assert.equal([demand?.EVSEVoltageLimitAchieved, demand?.EVSECurrentLimitAchieved, demand?.EVSEPowerLimitAchieved], [true, true, true]);
  assert.is(fromPhysicalValue(demand!.EVSEMaximumVoltageLimit!), 500);
  assert.is(fromPhysicalValue(demand!.EVSEMaximumCurrentLimit!), 200);
  assert.is(fromPhysicalValue(demand!.EVSEMaximumPowerLimit!), 50_000);
  const setpoints = s.power.filter((c) => c.type === 'precharge' || c.type === 'deliver');
  assert.equal(setpoints, [{ type: 'precharge', voltage: 500, current: 100 }, { type: 'deliver', voltage: 500, current: 100 }]);
});

test('no energy: ChargeParameterDiscovery while the EVSE asks to stop is answered with StopCharging, then only SessionStopReq is taken', () => {
  const stopped = secc();
  stopped.at('WaitForChargeParameterDiscovery');
  stopped.setEvse({ ...READY_EVSE, notification: 'StopCharging' });
  const answer = stopped.send('ChargeParameterDiscovery')?.ChargeParameterDiscoveryRes;
  assert.is(answer?.ResponseCode, 'OK');
  assert.equal(answer?.DC_EVSEChargeParameter?.DC_EVSEStatus.EVSENotification, 'StopCharging');
  assert.is(stopped.state(), 'WaitForSessionStop');
  assert.is(codeOf(stopped.send('SessionStop')), 'OK');
  assert.equal(stopped.actor.getSnapshot().output, { result: 'stopped', sessionId: SESSION_ID });
  assert.is(stopped.power.some((c) => c.type === 'isolationCheck' || c.type === 'contactors' && c.closed), false, 'no cable check, no contactors closed');
  // Any other request is out of sequence there.
  const pressing = secc();
  pressing.at('WaitForChargeParameterDiscovery');
  pressing.setEvse({ ...READY_EVSE, notification: 'StopCharging' });
  pressing.send('ChargeParameterDiscovery');
  assert.is(codeOf(pressing.send('CableCheck')), 'FAILED_SequenceError');
  assert.is(pressing.actor.getSnapshot().output?.result, 'failed');
  // And V2G_SECC_Sequence_Timeout bounds the wait as in every state.
  const silent = secc();
  silent.at('WaitForChargeParameterDiscovery');
  silent.setEvse({ ...READY_EVSE, notification: 'StopCharging' });
  silent.send('ChargeParameterDiscovery');
  silent.clock.increment(60_000);
  assert.is(silent.actor.getSnapshot().output?.reason, 'V2G_SECC_Sequence_Timeout');
});

test('refused contents: the FAILED code of the case, then close', () => {
  const cases: readonly [SeccState, BodyType, string][] = [
    ['WaitForServicePaymentSelection', { ServicePaymentSelectionReq: { SelectedPaymentOption: 'Contract', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } }, 'FAILED_PaymentSelectionInvalid'],
    ['WaitForServicePaymentSelection', { ServicePaymentSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 2 }] } } }, 'FAILED_ServiceSelectionInvalid'],
    ['WaitForChargeParameterDiscovery', { ChargeParameterDiscoveryReq: { EVRequestedEnergyTransferType: 'AC_three_phase_core', DC_EVChargeParameter: evRequest('ChargeParameterDiscovery').message.document.V2G_Message.Body.ChargeParameterDiscoveryReq!.DC_EVChargeParameter! } }, 'FAILED_WrongEnergyTransferType'],
    ['WaitForChargeParameterDiscovery', { ChargeParameterDiscoveryReq: { EVRequestedEnergyTransferType: 'DC_core', AC_EVChargeParameter: {
      DepartureTime: 0, EAmount: { Multiplier: 0, Value: 1 }, EVMaxVoltage: { Multiplier: 0, Value: 230 }, EVMaxCurrent: { Multiplier: 0, Value: 16 }, EVMinCurrent: { Multiplier: 0, Value: 6 },
    } } }, 'FAILED_WrongChargeParameter'],
  ];
  for (const [state, body, code] of cases) {
    const s = secc();
    s.at(state);
    assert.is(codeOf(s.send(received(SESSION_ID, body))), code);
    assert.is(s.actor.getSnapshot().output?.reason, `${code} in ${Object.keys(body)[0]!.replace(/Req$/, 'Res')}`);
    assert.equal(s.closes.length, 1);
  }
});

test('V2G_SECC_Sequence_Timeout in every state: 60 s after the last response (or the start), then stop and close', () => {
  // Before SessionSetupReq the connection's machine ends the wait sooner, by V2G_SECC_CommunicationSetup_Performance_Time
  // (test/stack/secc-connection.test.ts); the session's own bound there is this one.
  for (const state of STATES) {
    const s = secc();
    s.at(state);
    s.clock.increment(59_999);
    assert.is(s.actor.getSnapshot().status, 'active', state);
    s.clock.increment(1);
    assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason: 'V2G_SECC_Sequence_Timeout', sessionId: SESSION_ID });
    assert.equal(s.closes, ['V2G_SECC_Sequence_Timeout']);
    assert.equal(s.power.slice(-2), [{ type: 'stop' }, { type: 'contactors', closed: false }]);
  }
});

test('V2G_SECC_Sequence_Timeout: 60 s from the last response, also when it kept the SECC in its state', () => {
  const loops: readonly [SeccState, EvccStep, Partial<EvseStatus>][] = [
    ['WaitForContractAuthentication', 'ContractAuthentication', { authorized: false }],
    ['WaitForCableCheck', 'CableCheck', { isolation: 'Invalid' }],
    ['WaitForPreChargePowerDelivery', 'PreCharge', {}],
    ['WaitForCurrentDemandPowerDelivery', 'CurrentDemand', {}],
    ['WaitForWeldingDetectionSessionStop', 'WeldingDetection', {}],
  ];
  for (const [state, step, evse] of loops) {
    const s = secc(evse);
    s.at(state);
    s.clock.increment(50_000);
    s.send(step);
    // 60 s after the state was entered its timer fires, short of the deadline the request pushed back.
    s.clock.increment(10_000);
    assert.is(s.state(), state, `${state} still waits`);
    s.clock.increment(49_999);
    assert.is(s.actor.getSnapshot().status, 'active', state);
    s.clock.increment(1);
    assert.is(s.actor.getSnapshot().output?.reason, 'V2G_SECC_Sequence_Timeout', state);
    assert.equal(s.power.slice(-2), [{ type: 'stop' }, { type: 'contactors', closed: false }], state);
  }
});

test('after SessionStopRes or a FAILED answer the EV is left to close the connection first; after a silent failure the SECC closes at once', () => {
  const closesOf = (s: ReturnType<typeof secc>) => {
    const closes: { reason: string; afterPeer?: boolean }[] = [];
    s.actor.on('channel.close', ({ reason, afterPeer }) => closes.push({ reason, afterPeer }));
    return closes;
  };
  const stopped = secc();
  const stoppedCloses = closesOf(stopped);
  stopped.at('WaitForWeldingDetectionSessionStop');
  stopped.send('SessionStop');
  assert.equal(stoppedCloses, [{ reason: 'SessionStop done', afterPeer: true }]);
  const refused = secc();
  const refusedCloses = closesOf(refused);
  refused.send('CurrentDemand');
  assert.equal(refusedCloses, [{ reason: 'FAILED_SequenceError in CurrentDemandRes to CurrentDemandReq', afterPeer: true }]);
  const silent = secc();
  const silentCloses = closesOf(silent);
  silent.clock.increment(60_000);
  assert.equal(silentCloses, [{ reason: 'V2G_SECC_Sequence_Timeout', afterPeer: false }]);
});

test('channel.closed and channel.invalid: the power module is stopped and the session fails', () => {
  for (const type of ['channel.closed', 'channel.invalid'] as const) {
    const s = secc();
    s.at('WaitForCurrentDemandPowerDelivery');
    s.actor.send({ type, reason: 'TCP reset' });
    assert.equal(s.actor.getSnapshot().output, { result: 'failed', reason: `${type}: TCP reset`, sessionId: SESSION_ID });
    assert.equal(s.power.slice(-2), [{ type: 'stop' }, { type: 'contactors', closed: false }]);
  }
});

test('every transition of din-secc is taken by some test above', () => {
  assert.equal(coverage.missing(dinSeccMachine), []);
});

test.run();
