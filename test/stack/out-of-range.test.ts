/**
 * A request with a value outside its XSD range, as cars in the field send them, against the running SECC over [::1]:
 * read leniently by default and then clamped or refused by the session's rule (machines/session/out-of-range.ts);
 * refused without an answer by a station in conformance mode (`strict`). Our own encoder never writes such values, so
 * the raw EVCC sends bytes patched at the field.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encode, type Documents } from '../../codecs/exi/index.js';
import { encodeV2gtpFrame } from '../../codecs/v2gtp/index.js';
import { OUT_OF_RANGE_RULES, refusedInResponse, screenRequest } from '../../machines/session/out-of-range.js';
import { toPhysicalValue } from '../../machines/session/physical-value.js';
import { firstDifference, withBits } from '../exi/stream-bits.js';
import { within } from '../shared/async.js';
import { EVCC_ID, startTestStation, type TestStation } from './harness.js';
import { answerOf, rawEvcc, type RawEvcc, type V2gMessage } from './raw-evcc.js';

const EXI_PAYLOAD = 0x8001;

function v2g(sessionId: Uint8Array, body: Record<string, unknown>): Documents['iso2'] {
  return { V2G_Message: { Header: { SessionID: sessionId }, Body: body } } as Documents['iso2'];
}

/** `body` encoded with the n-bit field that differs between `low` and `high` set to `value`: beyond what encode allows. */
function patched(sessionId: Uint8Array, low: Record<string, unknown>, high: Record<string, unknown>, width: number, value: number): Uint8Array {
  const at = firstDifference(encode('iso2', v2g(sessionId, low)), encode('iso2', v2g(sessionId, high)));
  return withBits(encode('iso2', v2g(sessionId, high)), at, width, value);
}

async function exchangeRaw(raw: RawEvcc, exi: Uint8Array): Promise<V2gMessage> {
  raw.connection.write(encodeV2gtpFrame(EXI_PAYLOAD, exi));
  const event = await raw.next();
  if (event.type !== 'channel.received') throw new Error(`expected an answer, the channel ended: ${event.reason}`);
  return event.message.document as V2gMessage;
}

async function expectOk(raw: RawEvcc, sessionId: Uint8Array, body: Record<string, unknown>): Promise<V2gMessage> {
  const response = await raw.exchange(sessionId, body);
  assert.match(String(answerOf(response)[1]), /^OK/, `${Object.keys(body)[0]}: ${JSON.stringify(answerOf(response))}`);
  return response;
}

const chargeParameters = (maxCurrentMultiplier: number) => ({
  ChargeParameterDiscoveryReq: {
    RequestedEnergyTransferMode: 'AC_three_phase_core',
    AC_EVChargeParameter: {
      EAmount: toPhysicalValue(20000, 'Wh'),
      EVMaxVoltage: toPhysicalValue(400, 'V'),
      EVMaxCurrent: { Multiplier: maxCurrentMultiplier, Unit: 'A', Value: 32 },
      EVMinCurrent: toPhysicalValue(6, 'A'),
    },
  },
});

const powerDelivery = (progress: 'Start' | 'Stop', phases: number) => ({
  PowerDeliveryReq: {
    ChargeProgress: progress,
    SAScheduleTupleID: 1,
    ...(progress === 'Start'
      ? { ChargingProfile: { ProfileEntry: [{ ChargingProfileEntryStart: 0, ChargingProfileEntryMaxPower: toPhysicalValue(11000, 'W'), ChargingProfileEntryMaxNumberOfPhasesInUse: phases }] } }
      : {}),
  },
});

/** SessionSetup to a finished ChargeParameterDiscovery of an ISO 15118-2 AC EV; the SessionID. */
async function upToPowerDelivery(raw: RawEvcc): Promise<Uint8Array> {
  const setup = await raw.exchange(new Uint8Array(8), { SessionSetupReq: { EVCCID: EVCC_ID } });
  const sessionId = setup.V2G_Message.Header.SessionID;
  await expectOk(raw, sessionId, { ServiceDiscoveryReq: {} });
  await expectOk(raw, sessionId, { PaymentServiceSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } });
  await expectOk(raw, sessionId, { AuthorizationReq: {} });
  for (let i = 0; i < 50; i++) {
    const res = await expectOk(raw, sessionId, chargeParameters(0));
    if ((res.V2G_Message.Body.ChargeParameterDiscoveryRes as { EVSEProcessing: string }).EVSEProcessing === 'Finished') return sessionId;
  }
  throw new Error('ChargeParameterDiscovery never finished');
}

async function withStation(strict: boolean, run: (station: TestStation, raw: RawEvcc) => Promise<void>): Promise<void> {
  const station = await startTestStation('ac', { strict });
  try {
    const raw = await rawEvcc(station.station.address, 'iso2');
    try {
      await run(station, raw);
    } finally {
      raw.close();
    }
  } finally {
    await station.close();
  }
}

test('ISO-2 AC: PowerDeliveryReq with MaxNumberOfPhasesInUse 4 is read with a warning, clamped to 3, and the session charges to SessionStop', async () => {
  await withStation(false, async (station, raw) => {
    const sessionId = await upToPowerDelivery(raw);
    const start = await exchangeRaw(raw, patched(sessionId, powerDelivery('Start', 1), powerDelivery('Start', 3), 2, 3));
    assert.equal(answerOf(start), ['PowerDeliveryRes', 'OK']);
    for (let i = 0; i < 3; i++) await expectOk(raw, sessionId, { ChargingStatusReq: {} });
    await expectOk(raw, sessionId, powerDelivery('Stop', 3));
    await expectOk(raw, sessionId, { SessionStopReq: { ChargingSession: 'Terminate' } });
    raw.connection.close();
    const outcome = await within(station.sessions[0].outcome, 'the SECC session');
    assert.is(outcome.result, 'stopped', JSON.stringify(outcome));
    assert.ok(
      station.lines.some((l) => /read leniently at .*ChargingProfileEntryMaxNumberOfPhasesInUse.*value 4 outside 1\.\.3/.test(l)),
      `the warning is logged: ${station.lines.join('\n')}`,
    );
  });
});

test('ISO-2 AC: a PhysicalValue Multiplier of 4 (outside -3..3) is refused with FAILED', async () => {
  await withStation(false, async (station, raw) => {
    const setup = await raw.exchange(new Uint8Array(8), { SessionSetupReq: { EVCCID: EVCC_ID } });
    const sessionId = setup.V2G_Message.Header.SessionID;
    await expectOk(raw, sessionId, { ServiceDiscoveryReq: {} });
    await expectOk(raw, sessionId, { PaymentServiceSelectionReq: { SelectedPaymentOption: 'ExternalPayment', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } });
    await expectOk(raw, sessionId, { AuthorizationReq: {} });
    // Multiplier is 3 bits from -3: binary 111 is 4.
    const refused = await exchangeRaw(raw, patched(sessionId, chargeParameters(-3), chargeParameters(3), 3, 7));
    assert.equal(answerOf(refused), ['ChargeParameterDiscoveryRes', 'FAILED']);
    raw.connection.close();
    const outcome = await within(station.sessions[0].outcome, 'the SECC session');
    assert.is(outcome.result, 'failed');
  });
});

test('a station in conformance mode (strict) closes on the same PowerDeliveryReq without an answer', async () => {
  await withStation(true, async (station, raw) => {
    const sessionId = await upToPowerDelivery(raw);
    raw.connection.write(encodeV2gtpFrame(EXI_PAYLOAD, patched(sessionId, powerDelivery('Start', 1), powerDelivery('Start', 3), 2, 3)));
    const end = await raw.next();
    assert.is(end.type, 'channel.closed', JSON.stringify(end));
    const outcome = await within(station.sessions[0].outcome, 'the SECC session');
    assert.match(outcome.reason ?? '', /value 4 outside 1\.\.3/);
  });
});

test('the rules: clamp MaxNumberOfPhasesInUse, refuse a Multiplier or an unknown literal, copy only what is clamped', () => {
  assert.is(OUT_OF_RANGE_RULES.ChargingProfileEntryMaxNumberOfPhasesInUse.decision, 'clamp');
  assert.is(OUT_OF_RANGE_RULES.Multiplier.decision, 'refuse');
  const body = powerDelivery('Start', 4);
  const clamped = screenRequest(body);
  assert.ok(clamped.ok);
  if (clamped.ok) {
    assert.is(clamped.body.PowerDeliveryReq.ChargingProfile?.ProfileEntry[0].ChargingProfileEntryMaxNumberOfPhasesInUse, 3);
    assert.equal(clamped.clamped, ['/PowerDeliveryReq/ChargingProfile/ProfileEntry[0]/ChargingProfileEntryMaxNumberOfPhasesInUse']);
    assert.is(body.PowerDeliveryReq.ChargingProfile?.ProfileEntry[0].ChargingProfileEntryMaxNumberOfPhasesInUse, 4, 'the request itself is left alone');
  }
  const valid = powerDelivery('Start', 3);
  const same = screenRequest(valid);
  assert.ok(same.ok && same.body === valid && same.clamped.length === 0);
  const multiplier = screenRequest(chargeParameters(4));
  assert.ok(!multiplier.ok && /EVMaxCurrent\/Multiplier$/.test(multiplier.field));
  const literal = screenRequest({ PowerDeliveryReq: { ChargeProgress: '#3', SAScheduleTupleID: 1 } });
  assert.ok(!literal.ok && /ChargeProgress$/.test(literal.field));
  assert.ok(screenRequest({ ServiceDetailRes: { ServiceName: '#2' } }).ok, 'a free string may look like an unknown literal');
});

test('the EVCC refuses a response with an unknown ResponseCode or a Multiplier out of range, and never clamps', () => {
  assert.match(refusedInResponse({ ResponseCode: '#25' }) ?? '', /^\/ResponseCode: #25 is no literal/);
  assert.match(refusedInResponse({ ResponseCode: 'OK', EVSEMaxCurrent: { Multiplier: -4, Unit: 'A', Value: 32 } }) ?? '', /EVSEMaxCurrent\/Multiplier: -4 outside -3\.\.3/);
  assert.is(refusedInResponse({ ResponseCode: 'OK', EVSEMaxCurrent: { Multiplier: 0, Unit: 'A', Value: 32 } }), undefined);
});

test.run();
