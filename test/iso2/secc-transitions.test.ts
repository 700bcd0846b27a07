/**
 * Every transition of the ISO 15118-2 SECC's chart, each timer included, taken at least once (the last test checks):
 * V2G_SECC_Sequence_Timeout in every waiting state and its re-arming in every looping one, SessionStop (Terminate and
 * Pause) wherever it is taken, every FAILED answer that ends the session, each PowerDelivery of each state, and the
 * root's refusals. The EV is scripted, on the AC and the DC path of SESSIONS.md §2.1.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EvseStatus } from '../../adapters/evse.js';
import type { BodyType, chargeProgressType } from '../../codecs/exi/generated/iso2.types.js';
import { iso2SeccMachine } from '../../machines/iso2/iso2-secc.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import {
  authorizationReq, certificateInstallationRes, GEN_CHALLENGE, meteringReceiptReq, paymentDetails, pncLab, pncSeccInput, signed,
} from './pnc-fixtures.js';
import { A, EVCC_ID, EVSE, outcomeText, scriptedSecc, seccInput, SESSION_ID, V, W } from './wiring.js';

const coverage = new TransitionCoverage();
const TIMEOUT = seccInput().timing.session.V2G_SECC_Sequence_Timeout;

const EV_STATUS = { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: 40 } as const;

/** Authorized, isolation valid and no test running: each Ongoing loop ends at its next request. */
const READY: EvseStatus = { ...EVSE, isolation: 'Valid', presentVoltage: 380 };

const sessionSetup: BodyType = { SessionSetupReq: { EVCCID: EVCC_ID } };
const serviceDiscovery: BodyType = { ServiceDiscoveryReq: {} };
const paymentServiceSelection = (option: 'ExternalPayment' | 'Contract'): BodyType => ({
  PaymentServiceSelectionReq: { SelectedPaymentOption: option, SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } },
});
const authorization: BodyType = { AuthorizationReq: {} };
const dcParameters = (mode: 'DC_extended' | 'DC_core' = 'DC_extended'): BodyType => ({
  ChargeParameterDiscoveryReq: {
    RequestedEnergyTransferMode: mode,
    DC_EVChargeParameter: { DC_EVStatus: EV_STATUS, EVMaximumCurrentLimit: A(200), EVMaximumVoltageLimit: V(450), EVMaximumPowerLimit: W(8000) },
  },
});
const acParameters = (mode: 'AC_three_phase_core' | 'AC_single_phase_core' = 'AC_three_phase_core'): BodyType => ({
  ChargeParameterDiscoveryReq: {
    RequestedEnergyTransferMode: mode,
    AC_EVChargeParameter: { EAmount: { Multiplier: 1, Unit: 'Wh', Value: 3000 }, EVMaxVoltage: V(400), EVMaxCurrent: A(32), EVMinCurrent: A(6) },
  },
});
const cableCheck: BodyType = { CableCheckReq: { DC_EVStatus: EV_STATUS } };
const preCharge: BodyType = { PreChargeReq: { DC_EVStatus: EV_STATUS, EVTargetVoltage: V(380), EVTargetCurrent: A(2) } };
const powerDelivery = (ChargeProgress: chargeProgressType, SAScheduleTupleID = 1): BodyType => ({ PowerDeliveryReq: { ChargeProgress, SAScheduleTupleID } });
const currentDemand: BodyType = {
  CurrentDemandReq: { DC_EVStatus: EV_STATUS, EVTargetCurrent: A(100), EVTargetVoltage: V(400), ChargingComplete: false },
};
const chargingStatus: BodyType = { ChargingStatusReq: {} };
const weldingDetection: BodyType = { WeldingDetectionReq: { DC_EVStatus: EV_STATUS } };
const sessionStop = (ChargingSession: 'Terminate' | 'Pause'): BodyType => ({ SessionStopReq: { ChargingSession } });

/** A DC session: the first CableCheckReq starts the insulation test (Ongoing), the second finds it done. */
const DC = [
  sessionSetup, serviceDiscovery, paymentServiceSelection('ExternalPayment'), authorization, dcParameters(), cableCheck, cableCheck,
  preCharge, powerDelivery('Start'), currentDemand, currentDemand, powerDelivery('Stop'), weldingDetection, sessionStop('Terminate'),
];
const AC = [
  sessionSetup, serviceDiscovery, paymentServiceSelection('ExternalPayment'), authorization, acParameters(), powerDelivery('Start'),
  chargingStatus, chargingStatus, powerDelivery('Stop'), sessionStop('Terminate'),
];
const PATHS = { DC, AC } as const;

type Secc = ReturnType<typeof scriptedSecc>;

/** The SECC after the first `steps` requests of `path`, every step answered OK. */
function at(path: keyof typeof PATHS, steps: number, evse: EvseStatus = READY): Secc {
  const s = scriptedSecc(seccInput(), evse, coverage.inspect);
  PATHS[path].slice(0, steps).forEach((body, i) => {
    s.receive(body, i === 0 ? new Uint8Array(8) : SESSION_ID);
    assert.ok(/:OK/.test(s.last()), `${path} step ${i}: ${s.last()}`);
  });
  return s;
}

function state(s: Secc): string {
  const { output, value } = s.actor.getSnapshot();
  return output ? outcomeText(output) : String(value);
}

/** Where each waiting state is first reached: a path and a number of steps. */
const WAITING: readonly (readonly [string, keyof typeof PATHS, number])[] = [
  ['WaitForSessionSetup', 'DC', 0],
  ['WaitForServiceDiscovery', 'DC', 1],
  ['WaitForServiceDetailOrPaymentServiceSelection', 'DC', 2],
  ['WaitForAuthorization', 'DC', 3],
  ['WaitForChargeParameterDiscovery', 'DC', 4],
  ['WaitForCableCheck', 'DC', 5],
  ['WaitForPreCharge', 'DC', 7],
  ['WaitForPreChargeOrPowerDelivery', 'DC', 8],
  ['WaitForCurrentDemand', 'DC', 9],
  ['WaitForCurrentDemandOrPowerDelivery', 'DC', 10],
  ['WaitForWeldingDetectionOrSessionStop', 'DC', 12],
  ['WaitForPowerDelivery', 'AC', 5],
  ['WaitForChargingStatus', 'AC', 6],
  ['WaitForChargingStatusOrPowerDelivery', 'AC', 7],
  ['WaitForSessionStop', 'AC', 9],
];

test('the paths reach each waiting state, and both end stopped', () => {
  for (const [name, path, steps] of WAITING) assert.is(state(at(path, steps)), name);
  assert.is(state(at('DC', DC.length)), 'stopped');
  assert.is(state(at('AC', AC.length)), 'stopped');
});

test('V2G_SECC_Sequence_Timeout in every waiting state: nothing before it runs out, failed when it does', () => {
  // Before SessionSetupReq the connection's machine ends the wait sooner, by V2G_SECC_CommunicationSetup_Performance_Time
  // (test/stack/secc-connection.test.ts); the session's own bound there is this one.
  for (const [name, path, steps] of WAITING) {
    const s = at(path, steps);
    s.advance(TIMEOUT - 10);
    assert.is(state(s), name);
    s.advance(20);
    assert.is(state(s), 'failed: V2G_SECC_Sequence_Timeout', name);
    assert.equal(s.closes, ['V2G_SECC_Sequence_Timeout'], name);
  }
});

/** A request that keeps the session in its looping state, with the EVSE status that makes it so. */
const STAYS: readonly (readonly [string, BodyType, EvseStatus?])[] = [
  ['WaitForServiceDetailOrPaymentServiceSelection', { ServiceDetailReq: { ServiceID: 1 } }],
  ['WaitForAuthorization', authorization, { ...READY, authorized: false }],
  ['WaitForChargeParameterDiscovery', dcParameters(), { ...READY, maxPower: 0 }],
  ['WaitForCableCheck', cableCheck],
  ['WaitForPreChargeOrPowerDelivery', preCharge],
  ['WaitForCurrentDemandOrPowerDelivery', currentDemand],
  ['WaitForChargingStatusOrPowerDelivery', chargingStatus],
  ['WaitForWeldingDetectionOrSessionStop', weldingDetection],
];

test('a request that keeps the session in its state pushes the timeout back: the timer re-arms once, then fails', () => {
  for (const [name, body, evse] of STAYS) {
    const [, path, steps] = WAITING.find(([waiting]) => waiting === name)!;
    const s = at(path, steps);
    s.advance(TIMEOUT / 2);
    s.receive(body, SESSION_ID, evse);
    assert.is(state(s), name, `${name} stays`);
    s.advance(TIMEOUT / 2 + 10);
    assert.is(state(s), name, `${name}: the timer fired before the pushed-back deadline and runs again`);
    s.advance(TIMEOUT / 2);
    assert.is(state(s), 'failed: V2G_SECC_Sequence_Timeout', name);
  }
});

test('SessionStopReq before charging: Terminate stops, Pause is refused with FAILED [SESSIONS §2.3]', () => {
  const before = WAITING.filter(([name]) =>
    ['ServiceDiscovery', 'ServiceDetailOrPaymentServiceSelection', 'Authorization', 'ChargeParameterDiscovery', 'CableCheck', 'PreCharge',
      'PreChargeOrPowerDelivery', 'PowerDelivery'].some((n) => name === `WaitFor${n}`));
  assert.is(before.length, 8);
  for (const [name, path, steps] of before) {
    const terminate = at(path, steps);
    terminate.receive(sessionStop('Terminate'));
    assert.is(state(terminate), 'stopped', name);
    const pause = at(path, steps);
    pause.receive(sessionStop('Pause'));
    assert.is(pause.last(), 'SessionStopRes:FAILED', name);
    assert.is(state(pause), 'failed: FAILED answered to SessionStopReq', name);
  }
});

test('SessionStopReq after charging: Terminate stops, Pause pauses', () => {
  for (const [path, steps] of [['DC', 12], ['AC', 9]] as const) {
    const terminate = at(path, steps);
    terminate.receive(sessionStop('Terminate'));
    assert.is(state(terminate), 'stopped');
    const pause = at(path, steps);
    pause.receive(sessionStop('Pause'));
    assert.is(pause.last(), 'SessionStopRes:OK');
    assert.is(state(pause), 'paused');
  }
});

test('a FAILED answer ends the session: ServiceDetail, PaymentServiceSelection, ChargeParameterDiscovery, CableCheck', () => {
  const cases: readonly (readonly [keyof typeof PATHS, number, BodyType, string, EvseStatus?])[] = [
    ['DC', 2, { ServiceDetailReq: { ServiceID: 42 } }, 'ServiceDetailRes:FAILED_ServiceIDInvalid'],
    ['DC', 2, paymentServiceSelection('Contract'), 'PaymentServiceSelectionRes:FAILED_PaymentSelectionInvalid'],
    ['DC', 4, dcParameters('DC_core'), 'ChargeParameterDiscoveryRes:FAILED_WrongEnergyTransferMode'],
    ['AC', 4, acParameters('AC_single_phase_core'), 'ChargeParameterDiscoveryRes:FAILED_WrongEnergyTransferMode'],
    ['DC', 6, cableCheck, 'CableCheckRes:FAILED', { ...READY, isolation: 'Fault' }],
  ];
  for (const [path, steps, body, answer, evse] of cases) {
    const s = at(path, steps);
    s.receive(body, SESSION_ID, evse);
    assert.is(s.last(), answer);
    assert.ok(state(s).startsWith('failed'), `${answer}: ${state(s)}`);
  }
});

/** Where PowerDelivery leads on each path. */
const AFTER_POWER_DELIVERY = {
  DC: { Start: 'WaitForCurrentDemand', Stop: 'WaitForWeldingDetectionOrSessionStop', Renegotiate: 'WaitForChargeParameterDiscovery' },
  AC: { Start: 'WaitForChargingStatus', Stop: 'WaitForSessionStop', Renegotiate: 'WaitForChargeParameterDiscovery' },
} as const;

/** The states that take PowerDeliveryReq: after PreCharge and in the CurrentDemand loop; WaitForPowerDelivery and the ChargingStatus loop. */
const TAKE_POWER_DELIVERY = [['DC', 8], ['DC', 10], ['AC', 5], ['AC', 7]] as const;

test('PowerDeliveryReq in each state that takes it: Start, Stop, Renegotiate, and a tariff never offered', () => {
  for (const [path, steps] of TAKE_POWER_DELIVERY) {
    for (const [progress, next] of Object.entries(AFTER_POWER_DELIVERY[path]) as [chargeProgressType, string][]) {
      const s = at(path, steps);
      s.receive(powerDelivery(progress));
      assert.is(state(s), next, `${path} ${steps} ${progress}`);
    }
    const s = at(path, steps);
    s.receive(powerDelivery('Start', 9));
    assert.is(s.last(), 'PowerDeliveryRes:FAILED_TariffSelectionInvalid');
    assert.ok(state(s).startsWith('failed'));
  }
});

test('a DC renegotiation: ChargeParameterDiscovery leads straight to PowerDelivery, whose Start and Stop are DC', () => {
  for (const [progress, next] of [['Start', 'WaitForCurrentDemand'], ['Stop', 'WaitForWeldingDetectionOrSessionStop']] as const) {
    const s = at('DC', 10);
    s.receive(powerDelivery('Renegotiate'));
    s.receive(dcParameters());
    assert.is(state(s), 'WaitForPowerDelivery');
    s.receive(powerDelivery(progress));
    assert.is(state(s), next);
  }
});

test('the root: not a request, another session, a request no state takes, the channel closed or invalid', () => {
  const response = at('DC', 2);
  response.receive({ SessionStopRes: { ResponseCode: 'OK' } });
  assert.is(state(response), 'failed: SessionStopRes is not a request');
  const unknown = at('DC', 2);
  unknown.receive(authorization, Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9));
  assert.is(unknown.last(), 'AuthorizationRes:FAILED_UnknownSession');
  const early = at('DC', 2);
  early.receive(cableCheck);
  assert.is(early.last(), 'CableCheckRes:FAILED_SequenceError');
  for (const type of ['channel.closed', 'channel.invalid'] as const) {
    const s = at('DC', 10);
    s.actor.send({ type, reason: 'the test' });
    assert.ok(state(s).startsWith('failed'), `${type}: ${state(s)}`);
  }
});

test('an EV asking beyond the EVSE\'s limits: answered OK with the limit flags, the power stage never commanded beyond them', () => {
  const s = at('DC', 7, { ...READY, maxVoltage: 500, maxCurrent: 200, maxPower: 50_000 });
  s.receive({ PreChargeReq: { DC_EVStatus: EV_STATUS, EVTargetVoltage: V(950), EVTargetCurrent: A(600) } });
  s.receive(powerDelivery('Start'));
  s.receive({ CurrentDemandReq: { DC_EVStatus: EV_STATUS, EVTargetCurrent: A(600), EVTargetVoltage: V(950), ChargingComplete: false } });
  assert.is(s.last(), 'CurrentDemandRes:OK', 'a target beyond the limits is no reason to refuse');
  const demand = s.sent.at(-1)!.V2G_Message.Body.CurrentDemandRes!;
  assert.equal([demand.EVSEVoltageLimitAchieved, demand.EVSECurrentLimitAchieved, demand.EVSEPowerLimitAchieved], [true, true, true]);
  assert.equal(s.emitted.filter((e) => /"type":"(precharge|deliver)"/.test(e)), [
    'evse.command {"type":"precharge","voltage":500,"current":100}',
    'evse.command {"type":"deliver","voltage":500,"current":100}',
  ]);
});

test('EIM by a backend: asked at PaymentServiceSelection; Ongoing until the verdict, accepted → Finished, refused → FAILED', () => {
  const NOT_YET: EvseStatus = { ...READY, authorized: false };
  for (const verdict of ['accepted', 'refused'] as const) {
    const s = at('AC', 3, NOT_YET);
    assert.ok(s.emitted.some((e) => e === 'backend.ask'), 'asked once EIM is chosen');
    s.receive(authorization);
    assert.is(s.sent.at(-1)!.V2G_Message.Body.AuthorizationRes?.EVSEProcessing, 'Ongoing_WaitingForCustomerInteraction');
    s.advance(30_000);
    s.actor.send({ type: 'backend.reply', reply: { kind: 'authorization', verdict } });
    s.receive(authorization);
    assert.is(s.last(), verdict === 'accepted' ? 'AuthorizationRes:OK' : 'AuthorizationRes:FAILED');
    assert.is(state(s), verdict === 'accepted' ? 'WaitForChargeParameterDiscovery' : 'failed: FAILED answered to AuthorizationReq');
    assert.is(s.emitted.filter((e) => e === 'backend.ask').length, 1);
  }
});

const lab = await pncLab();
const other = await pncLab();
const NOW = new Date();
const DAY = 86_400_000;
const METERED: EvseStatus = { ...READY, meterId: 'METER-1', meterWh: 1234 };
const CONTRACT_OK = { kind: 'contract', code: 'OK', authorized: true } as const;
const PERFORMANCE = seccInput().timing.V2G_SECC_Msg_Performance_Time;
const rootIds = { RootCertificateID: [{ X509IssuerName: 'CN=MO Root', X509SerialNumber: 1n }] };
const certificateInstallation: BodyType = {
  CertificateInstallationReq: { '@Id': 'id1', OEMProvisioningCert: lab.pki.certificates.oemProvisioningLeaf.der, ListOfRootCertificateIDs: rootIds },
};
const certificateUpdate: BodyType = {
  CertificateUpdateReq: {
    '@Id': 'id1',
    ContractSignatureCertChain: { Certificate: lab.contractChain[0]!, SubCertificates: { Certificate: lab.contractChain.slice(1) } },
    eMAID: lab.emaid,
    ListOfRootCertificateIDs: rootIds,
  },
};
const updateRes = (): BodyType => {
  const { CertificateInstallationRes: res } = certificateInstallationRes(lab);
  return { CertificateUpdateRes: { ...res!, RetryCounter: 0 } };
};

/** A Plug & Charge session at WaitForPaymentDetails: Contract selected over TLS. */
function contractSelected(input = pncSeccInput(lab, NOW), evse: EvseStatus = READY): Secc {
  const s = scriptedSecc(input, evse, coverage.inspect);
  s.receive(sessionSetup, new Uint8Array(8));
  s.receive(serviceDiscovery);
  s.receive(paymentServiceSelection('Contract'));
  assert.is(s.last(), 'PaymentServiceSelectionRes:OK');
  assert.is(state(s), 'WaitForPaymentDetails');
  return s;
}

/** … at WaitForAuthorization: the contract presented and accepted. */
function contractAccepted(evse: EvseStatus = READY, reply: object = CONTRACT_OK): Secc {
  const s = contractSelected(undefined, evse);
  s.receive(paymentDetails(lab));
  assert.is(state(s), 'AwaitingBackend');
  s.actor.send({ type: 'backend.reply', reply: reply as typeof CONTRACT_OK, time: s.clock.now() });
  return s;
}

/** … authorized by the signed GenChallenge. */
async function contractAuthorized(evse: EvseStatus = READY): Promise<Secc> {
  const s = contractAccepted(evse);
  s.deliver(await signed(authorizationReq(), lab.contract));
  assert.is(s.last(), 'AuthorizationRes:OK');
  return s;
}

test('Plug & Charge: PaymentDetails waits for the contract\'s verdict (nothing sent, asked once), then gives the GenChallenge', () => {
  const s = contractSelected();
  s.receive(paymentDetails(lab));
  assert.is(s.last(), 'PaymentServiceSelectionRes:OK', 'the answer waits');
  assert.equal(s.emitted.filter((e) => e === 'backend.ask').length, 1);
  s.actor.send({ type: 'backend.reply', reply: { kind: 'authorization', verdict: 'accepted' } });
  assert.is(state(s), 'AwaitingBackend', 'another question\'s verdict answers nothing here');
  s.actor.send({ type: 'backend.reply', reply: CONTRACT_OK });
  assert.is(s.last(), 'PaymentDetailsRes:OK');
  assert.equal(s.sent.at(-1)!.V2G_Message.Body.PaymentDetailsRes?.GenChallenge, GEN_CHALLENGE);
  assert.is(state(s), 'WaitForAuthorization');
});

test('Plug & Charge DC: the signed GenChallenge authorizes; the first metered CurrentDemandRes asks for a signed receipt, once', async () => {
  const s = await contractAuthorized();
  for (const body of [dcParameters(), cableCheck, cableCheck, preCharge, powerDelivery('Start')]) s.receive(body);
  s.receive(currentDemand, SESSION_ID, METERED);
  assert.is(s.sent.at(-1)!.V2G_Message.Body.CurrentDemandRes?.ReceiptRequired, true);
  assert.is(state(s), 'WaitForCurrentDemandOrPowerDelivery');
  const receipt = await signed(meteringReceiptReq({ MeterID: 'METER-1', MeterReading: 1234n }), lab.contract);
  s.deliver(receipt, METERED);
  assert.is(s.last(), 'MeteringReceiptRes:OK');
  assert.is(state(s), 'WaitForCurrentDemandOrPowerDelivery');
  s.receive(currentDemand, SESSION_ID, METERED);
  assert.is(s.sent.at(-1)!.V2G_Message.Body.CurrentDemandRes?.ReceiptRequired, undefined);
  s.deliver(receipt, METERED);
  assert.is(s.last(), 'MeteringReceiptRes:FAILED_SequenceError', 'one receipt, as asked');
});

test('Plug & Charge AC: the receipt asked by ChargingStatusRes, answered in the loop; none asked without a meter or a contract', async () => {
  const ac = await contractAuthorized();
  for (const body of [acParameters(), powerDelivery('Start'), chargingStatus]) ac.receive(body);
  assert.is(ac.sent.at(-1)!.V2G_Message.Body.ChargingStatusRes?.ReceiptRequired, undefined, 'no meter, no receipt');
  ac.receive(chargingStatus, SESSION_ID, METERED);
  assert.is(ac.sent.at(-1)!.V2G_Message.Body.ChargingStatusRes?.ReceiptRequired, true);
  ac.deliver(await signed(meteringReceiptReq({ MeterID: 'METER-1', MeterReading: 1234n }), lab.contract), METERED);
  assert.is(ac.last(), 'MeteringReceiptRes:OK');
  assert.is(state(ac), 'WaitForChargingStatusOrPowerDelivery');
  const eim = at('AC', 7, METERED);
  assert.is(eim.sent.at(-1)!.V2G_Message.Body.ChargingStatusRes?.ReceiptRequired, undefined, 'EIM has no contract to sign with');
  eim.receive(meteringReceiptReq({ MeterID: 'METER-1', MeterReading: 1234n }));
  assert.is(eim.last(), 'MeteringReceiptRes:FAILED_SequenceError');
});

test('Plug & Charge refusals: tampered or missing signature, wrong challenge, a receipt signed by another key, a contract the backend refuses', async () => {
  const tampered = contractAccepted();
  const message = await signed(authorizationReq(), lab.contract);
  const signature = message.V2G_Message.Header.Signature!;
  const value = Uint8Array.from(signature.SignatureValue['#text']);
  value[5] ^= 0x01;
  tampered.deliver({ V2G_Message: { ...message.V2G_Message, Header: { ...message.V2G_Message.Header, Signature: { ...signature, SignatureValue: { ...signature.SignatureValue, '#text': value } } } } });
  assert.is(tampered.last(), 'AuthorizationRes:FAILED_SignatureError');
  assert.ok(state(tampered).startsWith('failed'));
  const unsigned = contractAccepted();
  unsigned.receive(authorizationReq());
  assert.is(unsigned.last(), 'AuthorizationRes:FAILED_SignatureError');
  const wrongChallenge = contractAccepted();
  wrongChallenge.deliver(await signed(authorizationReq(new Uint8Array(16).fill(9)), lab.contract));
  assert.is(wrongChallenge.last(), 'AuthorizationRes:FAILED_ChallengeInvalid');
  const refused = contractAccepted(READY, { kind: 'contract', code: 'OK', authorized: false, reason: 'Blocked' });
  refused.deliver(await signed(authorizationReq(), lab.contract));
  assert.is(refused.last(), 'AuthorizationRes:FAILED');
  const receipt = await contractAuthorized();
  for (const body of [dcParameters(), cableCheck, cableCheck, preCharge, powerDelivery('Start')]) receipt.receive(body);
  receipt.receive(currentDemand, SESSION_ID, METERED);
  receipt.deliver(await signed(meteringReceiptReq({ MeterID: 'METER-1', MeterReading: 1234n }), other.contract), METERED);
  assert.is(receipt.last(), 'MeteringReceiptRes:FAILED_SignatureError');
  assert.ok(state(receipt).startsWith('failed'));
});

test('Plug & Charge: the contract chain checked with the standard\'s codes; PnC never without TLS', () => {
  const cases: readonly (readonly [string, Date, BodyType, string])[] = [
    ['unknown MO root', NOW, paymentDetails(other), 'PaymentDetailsRes:FAILED_CertChainError'],
    ['expired', new Date(NOW.getTime() + 4000 * DAY), paymentDetails(lab), 'PaymentDetailsRes:FAILED_CertificateExpired'],
    ['not yet valid', new Date(NOW.getTime() - 2 * DAY), paymentDetails(lab), 'PaymentDetailsRes:FAILED_CertChainError'],
    ['an eMAID not the contract\'s', NOW, paymentDetails(lab, lab.contractChain, 'DEKPHC000000099'), 'PaymentDetailsRes:FAILED_CertChainError'],
  ];
  for (const [name, now, body, answer] of cases) {
    const s = contractSelected(pncSeccInput(lab, now));
    s.receive(body);
    assert.is(s.last(), answer, name);
    assert.ok(state(s).startsWith('failed'), name);
  }
  const revoked = contractSelected();
  revoked.receive(paymentDetails(lab));
  revoked.actor.send({ type: 'backend.reply', reply: { kind: 'contract', code: 'FAILED_CertificateRevoked', authorized: false } });
  assert.is(revoked.last(), 'PaymentDetailsRes:FAILED_CertificateRevoked');
  assert.ok(state(revoked).startsWith('failed'));
  const plain = scriptedSecc(pncSeccInput(lab, NOW, { tls: false }), READY, coverage.inspect);
  plain.receive(sessionSetup, new Uint8Array(8));
  plain.receive(serviceDiscovery);
  assert.equal(plain.sent.at(-1)!.V2G_Message.Body.ServiceDiscoveryRes?.PaymentOptionList.PaymentOption, ['ExternalPayment']);
  plain.receive(paymentServiceSelection('Contract'));
  assert.is(plain.last(), 'PaymentServiceSelectionRes:FAILED_PaymentSelectionInvalid');
});

test('CertificateInstallation and CertificateUpdate: deferred until the provisioning service answers, then on to PaymentDetails', () => {
  const cases = [
    ['AwaitingBackend', certificateInstallation, certificateInstallationRes(lab), 'CertificateInstallationRes:OK'],
    ['AwaitingBackend', certificateUpdate, updateRes(), 'CertificateUpdateRes:OK'],
  ] as const;
  for (const [awaiting, request, response, answer] of cases) {
    const s = contractSelected();
    s.receive(request);
    assert.is(state(s), awaiting);
    assert.is(s.last(), 'PaymentServiceSelectionRes:OK');
    s.advance(PERFORMANCE.CertificateInstallation - 100);
    s.actor.send({ type: 'backend.reply', reply: { kind: 'certificate', body: response }, time: s.clock.now() });
    assert.is(s.last(), answer);
    assert.is(state(s), 'WaitForPaymentDetails');
    s.receive(paymentDetails(lab));
    assert.is(state(s), 'AwaitingBackend');
  }
  const twice = contractSelected();
  twice.receive(certificateInstallation);
  twice.actor.send({ type: 'backend.reply', reply: { kind: 'certificate', body: certificateInstallationRes(lab) } });
  twice.receive(certificateInstallation);
  assert.is(twice.last(), 'CertificateInstallationRes:FAILED_SequenceError', 'one installation per session');
});

test('a deferred answer: FAILED when no verdict comes within V2G_SECC_Msg_Performance_Time, or when the EV asks again meanwhile', () => {
  const cases = [
    ['AwaitingBackend', certificateInstallation, 'CertificateInstallationRes', PERFORMANCE.CertificateInstallation],
    ['AwaitingBackend', certificateUpdate, 'CertificateUpdateRes', PERFORMANCE.CertificateUpdate],
    ['AwaitingBackend', paymentDetails(lab), 'PaymentDetailsRes', PERFORMANCE.PaymentDetails],
  ] as const;
  for (const [awaiting, request, response, bound] of cases) {
    const late = contractSelected();
    late.receive(request);
    late.advance(bound - 10);
    assert.is(state(late), awaiting);
    late.advance(20);
    assert.is(late.last(), `${response}:FAILED`);
    assert.ok(state(late).startsWith('failed'), state(late));
    const again = contractSelected();
    again.receive(request);
    again.receive(request);
    assert.is(again.last(), `${response}:FAILED_SequenceError`);
    assert.ok(state(again).startsWith('failed'));
  }
});

test('WaitForPaymentDetails: SessionStop Terminate stops, Pause is refused; V2G_SECC_Sequence_Timeout', () => {
  const terminate = contractSelected();
  terminate.receive(sessionStop('Terminate'));
  assert.is(state(terminate), 'stopped');
  const pause = contractSelected();
  pause.receive(sessionStop('Pause'));
  assert.is(pause.last(), 'SessionStopRes:FAILED');
  const idle = contractSelected();
  idle.advance(TIMEOUT + 10);
  assert.is(state(idle), 'failed: V2G_SECC_Sequence_Timeout');
});

test('every transition of the ISO-2 SECC was taken', () => {
  assert.equal(coverage.missing(iso2SeccMachine), []);
});

test.run();
