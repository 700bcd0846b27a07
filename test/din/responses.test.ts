/** The pure parts under the DIN machines: minimal FAILED answers, DC_EVSEStatus, the EVSEID as hexBinary. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DinEvseIdError, dinEvseId } from '../../machines/din/evse-id.js';
import { bodyName, DIN_REQUESTS, dinMessage } from '../../machines/din/din-messages.js';
import { failedBody } from '../../machines/din/secc/din-failed-response.js';
import { initialDinFacts } from '../../machines/din/secc/din-secc-facts.js';
import { dcEvseStatus } from '../../machines/din/status.js';
import { EVSE, overTheWire, seccInput, SESSION_ID } from './harness.js';

test('a minimal FAILED answer exists for each of the 17 DIN requests, of its response type, and encodes', () => {
  assert.is(DIN_REQUESTS.length, 17);
  for (const request of DIN_REQUESTS) {
    const input = seccInput({ evseId: 'DE*KPH*E0001*1' });
    const body = failedBody(request, 'FAILED_SequenceError', { ...initialDinFacts(input), input, evse: EVSE, pending: {} });
    const wire = overTheWire(dinMessage(SESSION_ID, body));
    const response = request.replace(/Req$/, 'Res');
    assert.is(bodyName(wire), response);
    assert.is(Object.keys(body)[0], response);
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

test('EVSEID: DIN SPEC 91286 IDs as nibbles, the separator as 0xA (the standard\'s example 49*89*6360)', () => {
  assert.equal(dinEvseId('49*89*6360'), Uint8Array.of(0x49, 0xa8, 0x9a, 0x63, 0x60));
  assert.equal(dinEvseId('+49*810*000*438'), Uint8Array.of(0x49, 0xa8, 0x10, 0xa0, 0x00, 0xa4, 0x38));
  // An odd count is completed with the unused nibble 0xF.
  assert.equal(dinEvseId('49*1'), Uint8Array.of(0x49, 0xa1));
  assert.equal(dinEvseId('49*12'), Uint8Array.of(0x49, 0xa1, 0x2f));
});

test('EVSEID: none, or one with letters (the ISO 15118-2 form), goes as 0x00; past 32 bytes a typed error', () => {
  assert.equal(dinEvseId(''), Uint8Array.of(0));
  assert.equal(dinEvseId('DE*KPH*E0000001'), Uint8Array.of(0));
  assert.equal(dinEvseId('49*89*636O'), Uint8Array.of(0));
  assert.is(dinEvseId('9'.repeat(64)).length, 32);
  assert.throws(() => dinEvseId('9'.repeat(65)), (e: unknown) => e instanceof DinEvseIdError && e.reason === 'longer than 32 bytes');
});

test.run();
