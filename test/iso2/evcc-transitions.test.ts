/**
 * Every transition of the ISO 15118-2 EVCC's chart, each timer included, taken at least once (the last test checks):
 * AC and DC sessions with the real SECC, paused and renegotiated, V2G_EVCC_Msg_Timeout on every request, the Ongoing,
 * CableCheck and PreCharge timeouts, ServiceDetail, MeteringReceipt, and the SECC answers the EVCC must refuse. Where
 * the SECC machine would not say what a case needs (ReceiptRequired, an isolation fault), its response is changed on
 * the way.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BodyType, CertificateInstallationResType } from '../../codecs/exi/generated/iso2.types.js';
import type { Iso2EvccInput } from '../../machines/iso2/evcc-context.js';
import type { Iso2Message } from '../../machines/iso2/iso2-messages.js';
import { iso2EvccMachine } from '../../machines/iso2/iso2-evcc.js';
import type { Iso2SeccInput } from '../../machines/iso2/iso2-secc.js';
import { TransitionCoverage } from '../shared/transition-coverage.js';
import { batteryFull, evccInput, outcomeText, scriptedEvcc, seccInput, SESSION_ID, wire, type PowerModuleOptions, type Wired } from './wiring.js';

const coverage = new TransitionCoverage();

interface Session {
  readonly evcc?: Partial<Iso2EvccInput>;
  readonly secc?: Partial<Iso2SeccInput>;
  readonly power?: PowerModuleOptions;
  /** Sees each SECC response first and gives what reaches the EVCC; may silence the SECC from there on. */
  readonly alter?: Alter;
  /** What the EV does after a second: by default its battery reads full, which ends the charging loop. */
  readonly after1s?: (w: Wired) => void;
}

type Alter = (message: Iso2Message, silence: () => void) => Iso2Message;

/** A wired session of `mode`, run until both machines are done (at most two minutes of simulated time). */
function run(mode: 'ac' | 'dc', session: Session = {}): Wired {
  const w = wire(evccInput(mode, session.evcc), seccInput(session.secc), session.power, { inspect: coverage.inspect, alterSecc: session.alter });
  w.advance(1_000);
  if (w.evcc.getSnapshot().status === 'active') (session.after1s ?? batteryFull)(w);
  w.runToEnd();
  return w;
}

function outcome(w: Wired): string {
  const { output, status } = w.evcc.getSnapshot();
  return output ? outcomeText(output) : status;
}

function nameOf(message: Iso2Message): string {
  return Object.keys(message.V2G_Message.Body)[0]!;
}

/** The SECC's `count`-th response named `name` (and everything after it) is lost. */
function silencedAt(name: string, count = 1): Alter {
  let seen = 0;
  return (message, silence) => {
    if (nameOf(message) === name && ++seen === count) silence();
    return message;
  };
}

/** The SECC's `count`-th response named `name` reaches the EVCC with `change` applied to its body. */
function changedAt(name: string, change: (body: Record<string, unknown>) => Record<string, unknown>, count = 1): Alter {
  let seen = 0;
  return (message) => {
    if (nameOf(message) !== name || ++seen !== count) return message;
    const body = (message.V2G_Message.Body as Record<string, Record<string, unknown>>)[name]!;
    return { V2G_Message: { ...message.V2G_Message, Body: { [name]: change(body) } as BodyType } };
  };
}

test('AC and DC sessions with the SECC machine end stopped; paused, the EVCC ends paused', () => {
  assert.is(outcome(run('ac')), 'stopped');
  assert.is(outcome(run('dc')), 'stopped');
  for (const mode of ['ac', 'dc'] as const) {
    assert.is(outcome(run(mode, { after1s: (w) => w.evcc.send({ type: 'ev.pause' }) })), 'paused', mode);
  }
});

test('a renegotiation the EV asks for: PowerDelivery(Renegotiate), ChargeParameterDiscovery, PowerDelivery(Start) again', () => {
  for (const mode of ['ac', 'dc'] as const) {
    const w = run(mode, {
      after1s: (wired) => {
        wired.evcc.send({ type: 'ev.renegotiate' });
        wired.advance(1_000);
        batteryFull(wired);
      },
    });
    assert.is(outcome(w), 'stopped', mode);
    const requests = w.messages
      .filter((m) => m.from === 'EVCC')
      .map(({ message }) => `${nameOf(message)}${message.V2G_Message.Body.PowerDeliveryReq ? `(${message.V2G_Message.Body.PowerDeliveryReq.ChargeProgress})` : ''}`);
    const renegotiate = requests.indexOf('PowerDeliveryReq(Renegotiate)');
    assert.ok(renegotiate > 0, requests.join(' '));
    assert.equal(requests.slice(renegotiate + 1, renegotiate + 3), ['ChargeParameterDiscoveryReq', 'PowerDeliveryReq(Start)'], mode);
  }
});

test('ServiceDetail for each value-added service the EV wants, one after the other', () => {
  const service = (ServiceID: number) => ({ service: { ServiceID, ServiceName: `S${ServiceID}`, ServiceCategory: 'OtherCustom', FreeService: true } as const });
  const w = run('ac', { evcc: { serviceDetails: [3, 4] }, secc: { services: [service(3), service(4)] } });
  assert.is(outcome(w), 'stopped');
  assert.is(w.log.filter((line) => line.startsWith('EVCC ServiceDetailReq')).length, 2);
});

test('V2G_EVCC_Msg_Timeout on every request of both modes', () => {
  const requests: readonly (readonly ['ac' | 'dc', string, number?])[] = [
    ['dc', 'SessionSetup'], ['dc', 'ServiceDiscovery'], ['dc', 'PaymentServiceSelection'], ['dc', 'Authorization'],
    ['dc', 'ChargeParameterDiscovery'], ['dc', 'CableCheck'], ['dc', 'PreCharge'], ['dc', 'PowerDelivery', 1], ['dc', 'CurrentDemand'],
    ['dc', 'PowerDelivery', 2], ['dc', 'WeldingDetection'], ['dc', 'SessionStop'], ['ac', 'ChargingStatus'], ['ac', 'PowerDelivery', 2],
  ];
  for (const [mode, request, count] of requests) {
    assert.is(outcome(run(mode, { alter: silencedAt(`${request}Res`, count) })), `failed: V2G_EVCC_Msg_Timeout on ${request}Req`, `${mode} ${request}`);
  }
  const detail = run('ac', { evcc: { serviceDetails: [1] }, alter: silencedAt('ServiceDetailRes') });
  assert.is(outcome(detail), 'failed: V2G_EVCC_Msg_Timeout on ServiceDetailReq');
  const renegotiation = run('dc', { alter: silencedAt('PowerDeliveryRes', 2), after1s: (w) => w.evcc.send({ type: 'ev.renegotiate' }) });
  assert.is(outcome(renegotiation), 'failed: V2G_EVCC_Msg_Timeout on PowerDeliveryReq');
});

test('the Ongoing, CableCheck and PreCharge timeouts', () => {
  assert.is(outcome(run('ac', { power: { evse: { authorized: false } } })), 'failed: V2G_EVCC_Ongoing_Timeout in Authorization');
  assert.is(outcome(run('dc', { power: { evse: { maxPower: 0 } } })), 'failed: V2G_EVCC_Ongoing_Timeout in ChargeParameterDiscovery');
  assert.is(outcome(run('dc', { power: { isolationMs: Infinity } })), 'failed: V2G_EVCC_CableCheck_Timeout');
  assert.is(outcome(run('dc', { power: { followsPrecharge: false } })), 'failed: V2G_EVCC_PreCharge_Timeout');
});

test('answers the EVCC cannot go on with: a FAILED code, no usable offer, no usable schedule, an isolation fault', () => {
  const refused = changedAt('PaymentServiceSelectionRes', (body) => ({ ...body, ResponseCode: 'FAILED' }));
  assert.is(outcome(run('ac', { alter: refused })), 'failed: FAILED in PaymentServiceSelectionRes');
  const contractOnly = changedAt('ServiceDiscoveryRes', (body) => ({ ...body, PaymentOptionList: { PaymentOption: ['Contract'] } }));
  assert.ok(outcome(run('ac', { alter: contractOnly })).startsWith('failed'));
  const noSchedule = changedAt('ChargeParameterDiscoveryRes', ({ SAScheduleList: _, ...body }) => body);
  assert.ok(outcome(run('dc', { alter: noSchedule })).startsWith('failed'));
  const invalid = changedAt('CableCheckRes', (body) => ({
    ...body,
    EVSEProcessing: 'Finished',
    DC_EVSEStatus: { ...(body.DC_EVSEStatus as object), EVSEIsolationStatus: 'Invalid' },
  }));
  assert.is(outcome(run('dc', { alter: invalid })), 'failed: CableCheckRes Finished without a valid isolation');
});

/** The `count`-th response `name` with its DC_ or AC_EVSEStatus (at its top or in the charge parameters) edited. */
function statusAt(name: string, edit: Record<string, unknown>, count = 1): Alter {
  return changedAt(name, (body) => {
    const holder = body.DC_EVSEChargeParameter ?? body.AC_EVSEChargeParameter;
    if (holder) {
      const key = body.DC_EVSEChargeParameter ? 'DC_EVSEChargeParameter' : 'AC_EVSEChargeParameter';
      const h = holder as Record<string, unknown>;
      const statusKey = h.DC_EVSEStatus ? 'DC_EVSEStatus' : 'AC_EVSEStatus';
      return { ...body, [key]: { ...h, [statusKey]: { ...(h[statusKey] as object), ...edit } } };
    }
    const statusKey = body.DC_EVSEStatus ? 'DC_EVSEStatus' : 'AC_EVSEStatus';
    return { ...body, [statusKey]: { ...(body[statusKey] as object), ...edit } };
  }, count);
}

/** The EVCC's requests after the `count`-th `request`. */
function requestsAfter(w: Wired, request: string, count = 1): string[] {
  const names = w.messages.filter((m) => m.from === 'EVCC').map(({ message }) => nameOf(message));
  let seen = 0;
  const at = names.findIndex((n) => n === request && ++seen === count);
  return names.slice(at + 1);
}

test('EVSE_EmergencyShutdown (or an isolation Fault, or AC RCD) in any response: failed at once, nothing more sent, the charger named', () => {
  const cases = [
    ['dc', 'ChargeParameterDiscoveryRes', { EVSEStatusCode: 'EVSE_EmergencyShutdown' }, 'EVSE_EmergencyShutdown'],
    ['dc', 'PreChargeRes', { EVSEStatusCode: 'EVSE_EmergencyShutdown' }, 'EVSE_EmergencyShutdown'],
    ['dc', 'CurrentDemandRes', { EVSEIsolationStatus: 'Fault' }, 'EVSEIsolationStatus Fault'],
    ['dc', 'WeldingDetectionRes', { EVSEStatusCode: 'EVSE_EmergencyShutdown' }, 'EVSE_EmergencyShutdown'],
    ['ac', 'ChargingStatusRes', { RCD: true }, 'RCD tripped'],
  ] as const;
  for (const [mode, response, edit, what] of cases) {
    const w = run(mode, { alter: statusAt(response, edit) });
    assert.is(outcome(w), `failed: ${what} in ${response}`, `${mode} ${response}`);
    assert.is(w.evcc.getSnapshot().output?.cause, 'evse');
    assert.equal(requestsAfter(w, response.replace(/Res$/, 'Req')), [], `${response}: nothing after`);
  }
});

test('EVSE_Shutdown or StopCharging: SessionStop before energy was asked for, PowerDelivery(Stop) after; the charger named', () => {
  const cases = [
    ['dc', 'ChargeParameterDiscoveryRes', { EVSEStatusCode: 'EVSE_Shutdown' }, 'EVSE_Shutdown', ['SessionStopReq']],
    ['dc', 'CableCheckRes', { EVSEStatusCode: 'EVSE_Malfunction' }, 'EVSE_Malfunction', ['SessionStopReq']],
    ['dc', 'PreChargeRes', { EVSENotification: 'StopCharging' }, 'EVSENotification StopCharging', ['SessionStopReq']],
    // After PowerDeliveryRes(Start) the SECC takes only the loop's request: one, then the stop.
    ['dc', 'PowerDeliveryRes', { EVSEStatusCode: 'EVSE_UtilityInterruptEvent' }, 'EVSE_UtilityInterruptEvent', ['CurrentDemandReq', 'PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']],
    ['ac', 'PowerDeliveryRes', { EVSENotification: 'StopCharging' }, 'EVSENotification StopCharging', ['ChargingStatusReq', 'PowerDeliveryReq', 'SessionStopReq']],
    ['dc', 'CurrentDemandRes', { EVSEStatusCode: 'EVSE_Shutdown' }, 'EVSE_Shutdown', ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']],
  ] as const;
  for (const [mode, response, edit, what, then] of cases) {
    const w = run(mode, { alter: statusAt(response, edit) });
    assert.is(outcome(w), `stopped: ${what} in ${response}`, `${mode} ${response}`);
    assert.is(w.evcc.getSnapshot().output?.cause, 'evse');
    assert.equal(requestsAfter(w, response.replace(/Res$/, 'Req')), then, `${mode} ${response}`);
  }
});

test('a charger that cannot charge the vehicle: SessionStop from ChargeParameterDiscovery, PowerDelivery(Stop) from the loop', () => {
  const low = changedAt('ChargeParameterDiscoveryRes', (body) => ({
    ...body,
    DC_EVSEChargeParameter: { ...(body.DC_EVSEChargeParameter as object), EVSEMaximumVoltageLimit: { Multiplier: 0, Unit: 'V', Value: 40 } },
  }));
  const w = run('dc', { alter: low });
  assert.match(outcome(w), /^stopped: the EVSE cannot charge this vehicle: EVSEMaximumVoltageLimit 40 V is below the battery's \d+/);
  assert.equal(requestsAfter(w, 'ChargeParameterDiscoveryReq'), ['SessionStopReq']);
  const none = changedAt('CurrentDemandRes', (body) => ({ ...body, EVSEMaximumCurrentLimit: { Multiplier: 0, Unit: 'A', Value: 0 } }), 2);
  const loop = run('dc', { alter: none });
  assert.is(outcome(loop), "stopped: the EVSE cannot charge this vehicle: the EVSE's maximum current is 0 A");
  assert.equal(requestsAfter(loop, 'CurrentDemandReq', 2), ['PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq']);
});

test('FAILED in WeldingDetectionRes after the charge (EVSE_Ready, 0 V): SessionStop, stopped, the charger named', () => {
  const failed = changedAt('WeldingDetectionRes', (body) => ({ ...body, ResponseCode: 'FAILED', EVSEPresentVoltage: { Multiplier: 0, Unit: 'V', Value: 0 } }));
  const w = run('dc', { alter: failed });
  assert.is(outcome(w), 'stopped: FAILED in WeldingDetectionRes after the charge');
  assert.is(w.evcc.getSnapshot().output?.cause, 'evse');
  assert.equal(requestsAfter(w, 'WeldingDetectionReq'), ['SessionStopReq']);
  assert.is(w.secc.getSnapshot().output?.result, 'stopped', 'the SECC ended clean too');
});

test('ReceiptRequired in either loop: MeteringReceiptReq, its answer or its timeout; without MeterInfo the session ends', () => {
  const meterInfo = { MeterID: 'M1', MeterReading: 1_000 };
  for (const [mode, loop] of [['dc', 'CurrentDemandRes'], ['ac', 'ChargingStatusRes']] as const) {
    // Each run gets its own: they count the responses they saw.
    const asks = (): Alter => changedAt(loop, (body) => ({ ...body, ReceiptRequired: true, MeterInfo: meterInfo }));
    // The SECC machine does not take MeteringReceiptReq (EIM): its FAILED answer becomes an OK one on the way.
    const acknowledge = changedAt('MeteringReceiptRes', (body) => ({ ...body, ResponseCode: 'OK' }));
    const asked = asks();
    const acknowledged = run(mode, { alter: (message, silence) => acknowledge(asked(message, silence), silence) });
    assert.ok(acknowledged.log.includes('EVCC MeteringReceiptReq'), mode);
    const [askedAgain, lost] = [asks(), silencedAt('MeteringReceiptRes')];
    const unanswered = run(mode, { alter: (message, silence) => lost(askedAgain(message, silence), silence) });
    assert.is(outcome(unanswered), 'failed: V2G_EVCC_Msg_Timeout on MeteringReceiptReq', mode);
    const noMeterInfo = run(mode, { alter: changedAt(loop, (body) => ({ ...body, ReceiptRequired: true })) });
    assert.is(outcome(noMeterInfo), 'failed: ReceiptRequired without MeterInfo', mode);
  }
});

test('WeldingDetection repeats while the EVSE still reads a voltage on its output', () => {
  const live = changedAt('WeldingDetectionRes', (body) => ({ ...body, EVSEPresentVoltage: { Multiplier: 0, Unit: 'V', Value: 400 } }));
  const w = run('dc', { alter: live });
  assert.is(outcome(w), 'stopped');
  assert.is(w.log.filter((line) => line === 'EVCC WeldingDetectionReq').length, 2);
});

test('the channel closed or invalid under the EVCC ends it failed', () => {
  for (const type of ['channel.closed', 'channel.invalid'] as const) {
    const w = run('dc', { after1s: (wired) => wired.evcc.send({ type, reason: 'the test' }) });
    assert.ok(outcome(w).startsWith('failed'), type);
  }
});

/** A Plug & Charge EV's data as the machine sees it: public only (the keys stay in its contract store). */
const PLUG_AND_CHARGE = { oemProvisioningCertificate: Uint8Array.of(1, 2, 3), rootCertificateIds: [{ X509IssuerName: 'CN=V2GRootCA', X509SerialNumber: 1n }] };
const HELD = { emaid: 'DEKPHC000000001', chain: [Uint8Array.of(4, 5, 6), Uint8Array.of(7, 8)] };
const DELIVERED: CertificateInstallationResType = {
  ResponseCode: 'OK',
  SAProvisioningCertificateChain: { Certificate: Uint8Array.of(9) },
  ContractSignatureCertChain: { '@Id': 'id1', Certificate: Uint8Array.of(10), SubCertificates: { Certificate: [Uint8Array.of(11)] } },
  ContractSignatureEncryptedPrivateKey: { '@Id': 'id2', '#text': new Uint8Array(48) },
  DHpublickey: { '@Id': 'id3', '#text': new Uint8Array(65) },
  eMAID: { '@Id': 'id4', '#text': 'DEKPHC000000009' },
};
const CHALLENGE = new Uint8Array(16).fill(3);

/** A DC EV with Plug & Charge up to the request after PaymentServiceSelectionRes, the SECC offering Contract. */
function contractSelected(plugAndCharge: NonNullable<Iso2EvccInput['plugAndCharge']>) {
  const s = scriptedEvcc(evccInput('dc', { plugAndCharge }), coverage.inspect);
  s.receive({ SessionSetupRes: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: 'DE*ABC*E1234567*1' } }, SESSION_ID);
  s.receive({
    ServiceDiscoveryRes: {
      ResponseCode: 'OK',
      PaymentOptionList: { PaymentOption: ['ExternalPayment', 'Contract'] },
      ChargeService: { ServiceID: 1, ServiceCategory: 'EVCharging', FreeService: false, SupportedEnergyTransferMode: { EnergyTransferMode: ['DC_extended'] } },
    },
  });
  assert.is(s.sent.at(-1)!.V2G_Message.Body.PaymentServiceSelectionReq?.SelectedPaymentOption, 'Contract');
  s.receive({ PaymentServiceSelectionRes: { ResponseCode: 'OK' } });
  return s;
}

function sentName(s: { sent: readonly Iso2Message[] }): string {
  return nameOf(s.sent.at(-1)!);
}

test('Plug & Charge: Contract where offered; a contract installed, updated or presented as held; the GenChallenge returned with an Id to sign', () => {
  const held = contractSelected({ ...PLUG_AND_CHARGE, contract: HELD });
  assert.is(sentName(held), 'PaymentDetailsReq');
  assert.equal(held.sent.at(-1)!.V2G_Message.Body.PaymentDetailsReq?.ContractSignatureCertChain.SubCertificates?.Certificate, [HELD.chain[1]]);
  held.receive({ PaymentDetailsRes: { ResponseCode: 'OK', GenChallenge: CHALLENGE, EVSETimeStamp: 1n } });
  assert.equal(held.sent.at(-1)!.V2G_Message.Body.AuthorizationReq, { '@Id': 'id1', GenChallenge: CHALLENGE });

  const installing = contractSelected(PLUG_AND_CHARGE);
  assert.is(sentName(installing), 'CertificateInstallationReq');
  installing.receive({ CertificateInstallationRes: DELIVERED });
  assert.is(sentName(installing), 'PaymentDetailsReq');
  assert.is(installing.sent.at(-1)!.V2G_Message.Body.PaymentDetailsReq?.eMAID, 'DEKPHC000000009', 'the delivered contract is presented');

  const updating = contractSelected({ ...PLUG_AND_CHARGE, contract: HELD, certificate: 'update' });
  assert.is(sentName(updating), 'CertificateUpdateReq');
  assert.is(updating.sent.at(-1)!.V2G_Message.Body.CertificateUpdateReq?.eMAID, HELD.emaid);
  updating.receive({ CertificateUpdateRes: { ...DELIVERED, RetryCounter: 0 } });
  assert.is(sentName(updating), 'PaymentDetailsReq');

  const eim = scriptedEvcc(evccInput('dc', { plugAndCharge: PLUG_AND_CHARGE }), coverage.inspect);
  eim.receive({ SessionSetupRes: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: 'DE*ABC*E1234567*1' } }, SESSION_ID);
  eim.receive({
    ServiceDiscoveryRes: {
      ResponseCode: 'OK',
      PaymentOptionList: { PaymentOption: ['ExternalPayment'] },
      ChargeService: { ServiceID: 1, ServiceCategory: 'EVCharging', FreeService: false, SupportedEnergyTransferMode: { EnergyTransferMode: ['DC_extended'] } },
    },
  });
  assert.is(eim.sent.at(-1)!.V2G_Message.Body.PaymentServiceSelectionReq?.SelectedPaymentOption, 'ExternalPayment', 'no Contract offered (no TLS): EIM');
});

test('Plug & Charge: V2G_EVCC_Msg_Timeout on CertificateInstallation, CertificateUpdate and PaymentDetails, each its own', () => {
  const timing = evccInput('dc').timing.V2G_EVCC_Msg_Timeout;
  const cases = [
    [{ ...PLUG_AND_CHARGE }, 'CertificateInstallationReq', timing.CertificateInstallation],
    [{ ...PLUG_AND_CHARGE, contract: HELD, certificate: 'update' as const }, 'CertificateUpdateReq', timing.CertificateUpdate],
    [{ ...PLUG_AND_CHARGE, contract: HELD }, 'PaymentDetailsReq', timing.PaymentDetails],
  ] as const;
  for (const [plugAndCharge, request, timeout] of cases) {
    const s = contractSelected(plugAndCharge);
    s.advance(timeout - 10);
    assert.is(s.actor.getSnapshot().status, 'active', request);
    s.advance(20);
    assert.is(outcomeText(s.actor.getSnapshot().output!), `failed: V2G_EVCC_Msg_Timeout on ${request}`);
  }
});

test('every transition of the ISO-2 EVCC was taken', () => {
  assert.equal(coverage.missing(iso2EvccMachine), []);
});

test.run();
