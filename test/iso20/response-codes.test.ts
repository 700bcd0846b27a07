/** The -20 response-code semantics and EVSENotification reactions, as tables. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import { NOTIFICATION_REACTIONS, evseStatus, notificationDeadlineMs, readEvseStatus } from '../../machines/iso20/iso20-notifications.js';
import { RESPONSE_CODES, isExpectedResponseCode, readResponseCode, responseVerdict, sessionContinues } from '../../machines/iso20/iso20-response-codes.js';

const VERDICTS: readonly [responseCodeType, 'ok' | 'warning' | 'failed'][] = [
  ['OK', 'ok'],
  ['OK_NewSessionEstablished', 'ok'],
  ['OK_OldSessionJoined', 'ok'],
  ['OK_PowerToleranceConfirmed', 'ok'],
  ['WARNING_EIMAuthorizationFailure', 'warning'],
  ['WARNING_StandbyNotAllowed', 'warning'],
  ['WARNING_eMSPUnknown', 'warning'],
  ['FAILED', 'failed'],
  ['FAILED_SequenceError', 'failed'],
  ['FAILED_NoServiceRenegotiationSupported', 'failed'],
  ['FAILED_WrongChargeParameter', 'failed'],
];

test('OK goes on, WARNING goes on, FAILED ends the session', () => {
  for (const [code, verdict] of VERDICTS) {
    assert.is(responseVerdict(code), verdict, code);
    assert.is(sessionContinues(code), verdict !== 'failed', code);
  }
});

test('the per-message table: each response carries the codes its clause names, and any response the generic failures', () => {
  const cases: readonly [keyof typeof RESPONSE_CODES, responseCodeType, boolean][] = [
    ['SessionSetupRes', 'OK_OldSessionJoined', true],
    ['SessionSetupRes', 'WARNING_StandbyNotAllowed', false],
    ['ServiceDetailRes', 'FAILED_ServiceIDInvalid', true],
    ['ServiceSelectionRes', 'FAILED_NoEnergyTransferServiceSelected', true],
    ['PowerDeliveryRes', 'WARNING_StandbyNotAllowed', true],
    ['PowerDeliveryRes', 'FAILED_ScheduleSelectionInvalid', true],
    ['DC_ChargeLoopRes', 'FAILED_ScheduleSelectionInvalid', false],
    ['SessionStopRes', 'FAILED_PauseNotAllowed', true],
    ['AuthorizationRes', 'WARNING_EIMAuthorizationFailure', true],
    ['DC_CableCheckRes', 'FAILED_SequenceError', true],
    ['DC_WeldingDetectionRes', 'FAILED_UnknownSession', true],
    ['AC_ChargeParameterDiscoveryRes', 'FAILED_WrongChargeParameter', true],
  ];
  for (const [response, code, expected] of cases) assert.is(isExpectedResponseCode(response, code), expected, `${response} ${code}`);
  for (const [response, codes] of Object.entries(RESPONSE_CODES)) {
    for (const code of codes) assert.not.ok(code === 'OK' || code === 'FAILED_SequenceError', `${response} lists a generic code again`);
  }
});

test('a code a response does not carry is read by its prefix, with a warning', () => {
  assert.equal(readResponseCode('DC_PreChargeRes', 'OK'), { code: 'OK', verdict: 'ok' });
  const odd = readResponseCode('DC_PreChargeRes', 'WARNING_StandbyNotAllowed');
  assert.is(odd.verdict, 'warning');
  assert.match(odd.warning ?? '', /DC_PreChargeRes with WARNING_StandbyNotAllowed/);
});

test('EVSENotification: what the EV does next', () => {
  assert.equal(NOTIFICATION_REACTIONS.Terminate, { powerDelivery: 'Stop', sessionStop: 'Terminate' });
  assert.equal(NOTIFICATION_REACTIONS.Pause, { powerDelivery: 'Stop', sessionStop: 'Pause' });
  assert.equal(NOTIFICATION_REACTIONS.ServiceRenegotiation, { powerDelivery: 'Stop', sessionStop: 'ServiceRenegotiation' });
  assert.equal(NOTIFICATION_REACTIONS.ScheduleRenegotiation, { powerDelivery: 'ScheduleRenegotiation' });
  assert.equal(NOTIFICATION_REACTIONS.ExitStandby, { powerDelivery: 'Start' });
  assert.equal(NOTIFICATION_REACTIONS.MeteringConfirmation, { meteringConfirmation: true });
});

test('NotificationMaxDelay: seconds to act, an unsignedShort', () => {
  const status = evseStatus({ notification: 'Pause', maxDelayS: 30 });
  assert.equal(status, { NotificationMaxDelay: 30, EVSENotification: 'Pause' });
  assert.equal(readEvseStatus(status), { notification: 'Pause', maxDelayS: 30 });
  assert.is(notificationDeadlineMs({ notification: 'Pause', maxDelayS: 30 }, 1_000), 31_000);
  assert.throws(() => evseStatus({ notification: 'Terminate', maxDelayS: 70_000 }), /0\.\.65535/);
  assert.throws(() => evseStatus({ notification: 'Terminate', maxDelayS: -1 }), /0\.\.65535/);
});

test.run();
