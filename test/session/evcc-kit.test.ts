/**
 * The EVCC kit's pure rules, from tables: the response check (pending request × response → accepted or the reason),
 * the EVSE view a response leaves, the DC checks, the DC request fields held within the EVSE's limits, the outcome.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BodyType } from '../../codecs/exi/generated/din.types.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { DIN_EVCC_ADAPTER, type DinEvccContext } from '../../machines/din/evcc/din-evcc-adapter.js';
import { dinMessage } from '../../machines/din/din-messages.js';
import { ISO2_EVCC_ADAPTER } from '../../machines/iso2/evcc/iso2-evcc-adapter.js';
import { initialEvccContext } from '../../machines/iso2/evcc-context.js';
import { iso2Message } from '../../machines/iso2/iso2-messages.js';
import { answerCheck } from '../../machines/session/evcc/answer-check.js';
import { prechargeDone, weldingDetectionDone } from '../../machines/session/evcc/dc-checks.js';
import { currentDemandFields, dcEvStatus, preChargeFields } from '../../machines/session/evcc/dc-request-fields.js';
import { evccCloseReason, evccOutcome } from '../../machines/session/evcc/evcc-outcome.js';
import { evseViewAfter, UNKNOWN_EVSE } from '../../machines/session/evcc/evse-view-after.js';
import { fromPhysicalValue } from '../../machines/session/physical-value.js';
import { NO_SESSION_ID } from '../../machines/session/session-id.js';
import { evccInput as dinInput, SESSION_ID, VEHICLE } from '../din/harness.js';
import { evccInput as iso2Input } from '../iso2/wiring.js';

const OTHER = Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9);
const V = (Value: number, Unit: string) => ({ Multiplier: 0, Unit, Value });

function dinContext(pending: string | undefined, sessionId: Uint8Array | undefined = SESSION_ID): DinEvccContext {
  const input = dinInput();
  return { input, vehicle: input.vehicle, serviceId: 1, evse: UNKNOWN_EVSE, sessionId, pending };
}

const PRECHARGE_RES = { ResponseCode: 'OK', DC_EVSEStatus: { EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' }, EVSEPresentVoltage: V(375, 'V') };

test('the response check, DIN: pending request × response → accepted, or why not', () => {
  const rows: [pending: string | undefined, session: Uint8Array | undefined, sentId: Uint8Array, body: Record<string, unknown>, expected: string][] = [
    ['PreChargeReq', SESSION_ID, SESSION_ID, { PreChargeRes: PRECHARGE_RES }, 'ok PreChargeRes'],
    ['PreChargeReq', SESSION_ID, SESSION_ID, { PreChargeRes: { ...PRECHARGE_RES, ResponseCode: 'FAILED' } }, 'FAILED in PreChargeRes (FAILED)'],
    ['PreChargeReq', SESSION_ID, SESSION_ID, { SessionStopRes: { ResponseCode: 'OK' } }, 'SessionStopRes received while waiting for PreChargeRes'],
    ['PreChargeReq', SESSION_ID, OTHER, { PreChargeRes: PRECHARGE_RES }, `PreChargeRes with SessionID 0909090909090909 in session 47110a0b0c0d0e0f`],
    [undefined, SESSION_ID, SESSION_ID, { PreChargeRes: PRECHARGE_RES }, 'PreChargeRes received with no request outstanding'],
    ['SessionSetupReq', undefined, NO_SESSION_ID, { SessionSetupRes: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: Uint8Array.of(1) } }, 'SessionSetupRes carries no SessionID (0000000000000000)'],
    ['SessionSetupReq', undefined, SESSION_ID, { SessionSetupRes: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: Uint8Array.of(1) } }, 'ok SessionSetupRes'],
    ['PreChargeReq', SESSION_ID, SESSION_ID, {}, 'an empty Body received'],
  ];
  for (const [pending, session, sentId, body, expected] of rows) {
    const check = answerCheck(DIN_EVCC_ADAPTER, dinContext(pending, session), v2gDocument('din', dinMessage(sentId, body as BodyType)));
    const got = check.ok ? `ok ${check.event.type}` : check.failedCode ? `${check.reason} (${check.failedCode})` : check.reason;
    assert.is(got, expected, `${pending} ← ${Object.keys(body)[0]}`);
  }
});

test('the response check, ISO-2: the same rule in its wording; the paused session joined or not', () => {
  const resumed = { ...initialEvccContext(iso2Input('dc', { resumeSessionId: SESSION_ID })), pending: 'SessionSetupReq' };
  const joined = (id: Uint8Array) => v2gDocument('iso2', iso2Message(id, { SessionSetupRes: { ResponseCode: 'OK_OldSessionJoined', EVSEID: 'DE*ABC' } }));
  const ok = answerCheck(ISO2_EVCC_ADAPTER, resumed, joined(SESSION_ID));
  assert.ok(ok.ok);
  const other = answerCheck(ISO2_EVCC_ADAPTER, resumed, joined(OTHER));
  assert.equal(other, { ok: false, reason: "OK_OldSessionJoined with SessionID 0909090909090909, not the paused session's" });
  const wrong = answerCheck(ISO2_EVCC_ADAPTER, { ...resumed, pending: 'CableCheckReq', sessionId: SESSION_ID }, joined(SESSION_ID));
  assert.equal(wrong, { ok: false, reason: 'SessionSetupRes received, CableCheckRes expected' });
});

test('the EVSE view after a response: measured values, limits, notification and verdict; a field left out keeps its value', () => {
  const rows: [name: string, element: Record<string, unknown>, check: (view: ReturnType<typeof evseViewAfter>) => unknown, expected: unknown][] = [
    ['PreChargeRes', PRECHARGE_RES, (v) => [v.presentVoltage, v.verdict], [375, undefined]],
    ['CurrentDemandRes', { DC_EVSEStatus: { EVSEStatusCode: 'EVSE_Shutdown', EVSENotification: 'None' }, EVSEPresentVoltage: V(400, 'V'), EVSEPresentCurrent: V(80, 'A'), EVSEMaximumCurrentLimit: V(60, 'A') },
      (v) => [v.presentVoltage, v.presentCurrent, v.limits.maxCurrent, v.verdict], [400, 80, 60, { action: 'stop', reason: 'EVSE_Shutdown in CurrentDemandRes' }]],
    ['ChargingStatusRes', { AC_EVSEStatus: { RCD: true, EVSENotification: 'ReNegotiation', NotificationMaxDelay: 0 } },
      (v) => [v.notification, v.verdict?.action], ['ReNegotiation', 'emergency']],
    ['ChargeParameterDiscoveryRes', { AC_EVSEChargeParameter: { EVSENominalVoltage: V(230, 'V'), EVSEMaxCurrent: V(32, 'A') } },
      (v) => [v.nominalVoltage, v.limits.maxCurrent, v.presentVoltage], [230, 32, 7]],
  ];
  for (const [name, element, check, expected] of rows) {
    assert.equal(check(evseViewAfter({ ...UNKNOWN_EVSE, presentVoltage: 7 }, name, element)), expected, name);
  }
});

test('the DC checks: PreCharge within the tolerance (strictly), WeldingDetection discharged or bounded', () => {
  const at = (presentVoltage: number) => ({ ...UNKNOWN_EVSE, presentVoltage });
  const precharge: [voltage: number, tolerance: number, done: boolean][] = [[380, 20, true], [361, 20, true], [360, 20, false], [400, 20, false], [360, 20.5, true]];
  for (const [voltage, tolerance, done] of precharge) assert.is(prechargeDone(at(voltage), VEHICLE, tolerance), done, `${voltage} V ± ${tolerance}`);
  const welding: [voltage: number, sent: number, done: boolean][] = [[10, 1, true], [20, 1, false], [400, 9, false], [400, 10, true]];
  for (const [voltage, sent, done] of welding) assert.is(weldingDetectionDone(at(voltage), sent, { voltage: 20, maxRequests: 10 }), done, `${voltage} V after ${sent}`);
});

test('the DC request fields: the targets within the EVSE limits, the status and SoC in range', () => {
  const demand = currentDemandFields({ ...VEHICLE, remainingTimeToBulkSoc: undefined }, { maxVoltage: 390, maxCurrent: 60, maxPower: 15_000 });
  assert.is(fromPhysicalValue(demand.EVTargetVoltage), 390);
  assert.ok(Math.abs(fromPhysicalValue(demand.EVTargetCurrent) - 15_000 / 390) < 0.01);
  assert.is('RemainingTimeToBulkSoC' in demand, false, 'an unknown time is left out');
  const pre = preChargeFields(VEHICLE, 2, { maxVoltage: 500 });
  assert.equal([fromPhysicalValue(pre.EVTargetVoltage), fromPhysicalValue(pre.EVTargetCurrent)], [380, 2]);
  assert.equal(dcEvStatus({ ...VEHICLE, soc: 100.4, error: 'FAILED_EVShiftPosition' }), { EVReady: true, EVErrorCode: 'FAILED_EVShiftPosition', EVRESSSOC: 100 });
});

test('the outcome and the close reason of each ending', () => {
  const base = dinContext(undefined);
  const rows: [context: Partial<DinEvccContext>, outcome: unknown, close: string][] = [
    [{ result: 'stopped' }, { result: 'stopped', sessionId: SESSION_ID }, 'SessionStop done'],
    [{ result: 'paused' }, { result: 'paused', sessionId: SESSION_ID }, 'SessionStop(Pause) done'],
    [{ result: 'stopped', evseEnding: 'EVSE_Shutdown in CurrentDemandRes' }, { result: 'stopped', sessionId: SESSION_ID, reason: 'EVSE_Shutdown in CurrentDemandRes', cause: 'evse' }, 'SessionStop done'],
    [{ result: 'failed', failure: 'V2G_EVCC_Msg_Timeout on PreChargeReq' }, { result: 'failed', reason: 'V2G_EVCC_Msg_Timeout on PreChargeReq', sessionId: SESSION_ID }, 'V2G_EVCC_Msg_Timeout on PreChargeReq'],
  ];
  for (const [change, outcome, close] of rows) {
    const context = { ...base, ...change };
    assert.equal(evccOutcome(context), outcome);
    assert.is(evccCloseReason(context), close);
  }
});

test.run();
