/**
 * The DIN 70121 EVCC chart as a table of steps (../shared/machine-step.ts): from a state, the response it waits for →
 * the state it goes to, the vehicle commands it gives and the request it sends next.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BodyType } from '../../codecs/exi/generated/din.types.js';
import { dinEvccMachine } from '../../machines/din/din-evcc.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { dinMessage } from '../../machines/din/din-messages.js';
import { UNKNOWN_EVSE } from '../../machines/session/evcc/evse-view-after.js';
import { step } from '../shared/machine-step.js';
import { evccInput, SESSION_ID, VEHICLE } from './harness.js';

const STATUS = { EVSEIsolationStatus: 'Valid', EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' } as const;
const V = (Value: number) => ({ Multiplier: 0, Unit: 'V' as const, Value });
const A = (Value: number) => ({ Multiplier: 0, Unit: 'A' as const, Value });

/** [state, the request it waits on, the response, the state after, vehicle commands, the request sent on the way]. */
const ROWS: readonly [string, string, BodyType, string, readonly string[], readonly string[]][] = [
  ['ContractAuthentication.Request', 'ContractAuthenticationReq', { ContractAuthenticationRes: { ResponseCode: 'OK', EVSEProcessing: 'Ongoing' } },
    'ContractAuthentication.Pause', [], []],
  ['ContractAuthentication.Request', 'ContractAuthenticationReq', { ContractAuthenticationRes: { ResponseCode: 'OK', EVSEProcessing: 'Finished' } },
    'ChargeParameterDiscovery.Request', [], ['ChargeParameterDiscoveryReq']],
  ['CableCheck.Request', 'CableCheckReq', { CableCheckRes: { ResponseCode: 'OK', DC_EVSEStatus: STATUS, EVSEProcessing: 'Finished' } },
    'PreCharge.Request', [], ['PreChargeReq']],
  ['PreCharge.Request', 'PreChargeReq', { PreChargeRes: { ResponseCode: 'OK', DC_EVSEStatus: STATUS, EVSEPresentVoltage: V(VEHICLE.batteryVoltage - 20) } },
    'PreCharge.Pause', [], []],
  ['PreCharge.Request', 'PreChargeReq', { PreChargeRes: { ResponseCode: 'OK', DC_EVSEStatus: STATUS, EVSEPresentVoltage: V(VEHICLE.batteryVoltage - 5) } },
    'PowerDeliveryStart', ['contactors closed'], ['PowerDeliveryReq']],
  ['PreCharge.Request', 'PreChargeReq', { PreChargeRes: { ResponseCode: 'OK', DC_EVSEStatus: { ...STATUS, EVSENotification: 'StopCharging' }, EVSEPresentVoltage: V(0) } },
    'SessionStop', ['charging off', 'controlPilot B', 'contactors open'], ['SessionStopReq']],
  ['CurrentDemand.Request', 'CurrentDemandReq', { CurrentDemandRes: {
    ResponseCode: 'OK', DC_EVSEStatus: STATUS, EVSEPresentVoltage: V(400), EVSEPresentCurrent: A(50),
    EVSECurrentLimitAchieved: false, EVSEVoltageLimitAchieved: false, EVSEPowerLimitAchieved: false,
  } }, 'CurrentDemand.Pause', ['charging on'], []],
  ['CurrentDemand.Request', 'CurrentDemandReq', { CurrentDemandRes: {
    ResponseCode: 'OK', DC_EVSEStatus: { ...STATUS, EVSEStatusCode: 'EVSE_Shutdown' }, EVSEPresentVoltage: V(400), EVSEPresentCurrent: A(50),
    EVSECurrentLimitAchieved: false, EVSEVoltageLimitAchieved: false, EVSEPowerLimitAchieved: false,
  } }, 'PowerDeliveryStop', ['charging off'], ['PowerDeliveryReq']],
  ['PowerDeliveryStop', 'PowerDeliveryReq', { PowerDeliveryRes: { ResponseCode: 'OK', DC_EVSEStatus: STATUS } },
    'WeldingDetection.Request', ['contactors open', 'controlPilot B'], ['WeldingDetectionReq']],
  ['SessionStop', 'SessionStopReq', { SessionStopRes: { ResponseCode: 'OK' } }, 'Stopped', [], []],
];

test('state × response → next state, vehicle commands and the next request', () => {
  for (const [from, pending, response, to, commands, sent] of ROWS) {
    const input = evccInput();
    const context = { input, vehicle: input.vehicle, serviceId: 1, evse: UNKNOWN_EVSE, sessionId: SESSION_ID, pending };
    const stepped = step(dinEvccMachine, input, from, context, { type: 'channel.received', message: v2gDocument('din', dinMessage(SESSION_ID, response)) });
    const name = `${from} ← ${Object.keys(response)[0]}`;
    assert.equal(stepped, { state: to, commands, sent }, name);
  }
});

test.run();
