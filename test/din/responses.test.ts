/** The pure parts under the DIN machines: minimal FAILED answers, DC_EVSEStatus both ways, the EVSEID as hexBinary. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DinEvseIdError, dinEvseId } from '../../machines/din/evse-id.js';
import { DIN_SECC_DEFAULTS } from '../../machines/din/input.js';
import { bodyName, DIN_REQUESTS, dinMessage } from '../../machines/din/messages.js';
import { failedAnswer } from '../../machines/din/secc-responses.js';
import { dcEvseStatus, evseStopRequest } from '../../machines/din/status.js';
import { EVSE, overTheWire, SESSION_ID } from './harness.js';

test('a minimal FAILED answer exists for each of the 17 DIN requests, of its response type, and encodes', () => {
  assert.is(DIN_REQUESTS.length, 17);
  for (const request of DIN_REQUESTS) {
    const answer = failedAnswer(request, 'FAILED_SequenceError', { settings: DIN_SECC_DEFAULTS, evseId: dinEvseId('DE*KPH*E0001*1'), evse: EVSE });
    const wire = overTheWire(dinMessage(SESSION_ID, answer.body));
    const response = request.replace(/Req$/, 'Res');
    assert.is(bodyName(wire), response);
    assert.is(answer.name, response);
    assert.is(Object.values(wire.V2G_Message.Body)[0]?.ResponseCode, 'FAILED_SequenceError', request);
  }
});

test('DC_EVSEStatus from the EvseStatus: faults, the isolation test, StopCharging, No_IMD left out', () => {
  assert.equal(dcEvseStatus({ ...EVSE, isolation: 'Valid' }, 5), { EVSEIsolationStatus: 'Valid', EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 5, EVSENotification: 'None' });
  assert.is(dcEvseStatus({ ...EVSE, isolationCheckRunning: true }, 0).EVSEStatusCode, 'EVSE_IsolationMonitoringActive');
  assert.is(dcEvseStatus({ ...EVSE, fault: 'EmergencyShutdown', isolationCheckRunning: true }, 0).EVSEStatusCode, 'EVSE_EmergencyShutdown');
  assert.is(dcEvseStatus({ ...EVSE, fault: 'UtilityInterruptEvent' }, 0).EVSEStatusCode, 'EVSE_UtilityInterruptEvent');
  assert.is(dcEvseStatus({ ...EVSE, notification: 'StopCharging' }, 0).EVSENotification, 'StopCharging');
  assert.is(dcEvseStatus({ ...EVSE, notification: 'ReNegotiation' }, 0).EVSENotification, 'None');
  assert.not.ok('EVSEIsolationStatus' in dcEvseStatus({ ...EVSE, isolation: 'No_IMD' }, 0));
});

test('what in DC_EVSEStatus ends the EV\'s charge loop', () => {
  const status = { EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' } as const;
  assert.is(evseStopRequest(status), undefined);
  assert.is(evseStopRequest({ ...status, EVSENotification: 'StopCharging' }), 'EVSENotification StopCharging');
  for (const code of ['EVSE_Shutdown', 'EVSE_EmergencyShutdown', 'EVSE_Malfunction'] as const) assert.is(evseStopRequest({ ...status, EVSEStatusCode: code }), code);
  for (const code of ['EVSE_NotReady', 'EVSE_IsolationMonitoringActive', 'EVSE_UtilityInterruptEvent'] as const) assert.is(evseStopRequest({ ...status, EVSEStatusCode: code }), undefined);
});

test('EVSEID: ASCII bytes of the text, 0x00 for none, a typed error for what hexBinary of 32 bytes cannot carry', () => {
  assert.equal(dinEvseId('DE*A1'), Uint8Array.of(0x44, 0x45, 0x2a, 0x41, 0x31));
  assert.equal(dinEvseId(''), Uint8Array.of(0));
  assert.is(dinEvseId('x'.repeat(32)).length, 32);
  assert.throws(() => dinEvseId('x'.repeat(33)), (e: unknown) => e instanceof DinEvseIdError && e.reason === 'longer than 32 bytes');
  assert.throws(() => dinEvseId('DE*Ä'), (e: unknown) => e instanceof DinEvseIdError && e.evseId === 'DE*Ä' && /printable ASCII/.test(e.message));
});

test.run();
