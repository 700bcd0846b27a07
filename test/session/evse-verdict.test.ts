/** The one rule both protocols' EVCCs read the EVSE's status by. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evseStatusOf, evseVerdict, responseVerdict } from '../../machines/session/evse-verdict.js';

const READY = { EVSEStatusCode: 'EVSE_Ready', EVSENotification: 'None', NotificationMaxDelay: 0, EVSEIsolationStatus: 'Valid' };

test('emergency: EVSE_EmergencyShutdown, an isolation Fault, a tripped RCD', () => {
  assert.equal(evseVerdict({ ...READY, EVSEStatusCode: 'EVSE_EmergencyShutdown' }, 'PreChargeRes'), { action: 'emergency', reason: 'EVSE_EmergencyShutdown in PreChargeRes' });
  assert.equal(evseVerdict({ ...READY, EVSEIsolationStatus: 'Fault' }, 'CableCheckRes'), { action: 'emergency', reason: 'EVSEIsolationStatus Fault in CableCheckRes' });
  assert.equal(evseVerdict({ EVSENotification: 'None', RCD: true }, 'ChargingStatusRes'), { action: 'emergency', reason: 'RCD tripped in ChargingStatusRes' });
  assert.is(evseVerdict({ ...READY, EVSEStatusCode: 'EVSE_EmergencyShutdown', EVSENotification: 'StopCharging' }, 'X')?.action, 'emergency', 'the emergency wins');
});

test('stop: EVSE_Shutdown, EVSE_Malfunction, EVSE_UtilityInterruptEvent, StopCharging', () => {
  for (const code of ['EVSE_Shutdown', 'EVSE_Malfunction', 'EVSE_UtilityInterruptEvent']) {
    assert.equal(evseVerdict({ ...READY, EVSEStatusCode: code }, 'CurrentDemandRes'), { action: 'stop', reason: `${code} in CurrentDemandRes` });
  }
  assert.equal(evseVerdict({ EVSENotification: 'StopCharging', RCD: false }, 'ChargingStatusRes'), { action: 'stop', reason: 'EVSENotification StopCharging in ChargingStatusRes' });
});

test('nothing: Ready, NotReady (a real charger while precharging), IsolationMonitoringActive, Warning, ReNegotiation', () => {
  for (const code of ['EVSE_Ready', 'EVSE_NotReady', 'EVSE_IsolationMonitoringActive']) assert.is(evseVerdict({ ...READY, EVSEStatusCode: code }, 'X'), undefined);
  assert.is(evseVerdict({ ...READY, EVSEIsolationStatus: 'Warning' }, 'X'), undefined);
  assert.is(evseVerdict({ ...READY, EVSENotification: 'ReNegotiation' }, 'X'), undefined);
});

test('the status is found at a response\'s top or inside its charge parameters; none in a response without one', () => {
  assert.is(evseStatusOf({ ResponseCode: 'OK', DC_EVSEStatus: READY }), READY);
  const ac = { EVSENotification: 'None', RCD: false, NotificationMaxDelay: 0 };
  assert.is(evseStatusOf({ ResponseCode: 'OK', AC_EVSEChargeParameter: { AC_EVSEStatus: ac } }), ac);
  assert.is(evseStatusOf({ ResponseCode: 'OK', DC_EVSEChargeParameter: { DC_EVSEStatus: READY } }), READY);
  assert.is(evseStatusOf({ ResponseCode: 'OK', EVSEID: 'x' }), undefined);
  assert.equal(responseVerdict('PowerDeliveryRes', { ResponseCode: 'OK', DC_EVSEStatus: { ...READY, EVSEStatusCode: 'EVSE_Shutdown' } }), { action: 'stop', reason: 'EVSE_Shutdown in PowerDeliveryRes' });
});

test.run();
