/**
 * The ISO 15118-2 EVCC chart as a table of steps (../shared/machine-step.ts): from a state, the response it waits for
 * → the state it goes to, the vehicle commands it gives and the request it sends next.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initialTransition } from 'xstate';
import type { BodyType } from '../../codecs/exi/generated/iso2.types.js';
import { iso2EvccMachine } from '../../machines/iso2/iso2-evcc.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';
import { iso2Message } from '../../machines/iso2/iso2-messages.js';
import { offeredSchedules } from '../../machines/iso2/schedule.js';
import { step } from '../shared/machine-step.js';
import { evccInput, SESSION_ID, VEHICLE } from './wiring.js';

const DC_STATUS = { EVSEIsolationStatus: 'Valid', EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' } as const;
const V = (Value: number, Unit: 'V' | 'A' | 'W') => ({ Multiplier: 0, Unit, Value });

type Mode = 'ac' | 'dc';
interface Row {
  readonly mode: Mode;
  readonly from: string;
  /** The request the EVCC waits for the answer to. */
  readonly pending: string;
  readonly response: BodyType;
  readonly to: string;
  readonly commands: readonly string[];
  /** The request sent on the way, if any. */
  readonly sends?: string;
}

/** The context of an EVCC in `mode` waiting for `pending`'s answer in the test session, a schedule chosen. */
function waiting(mode: Mode, pending: string) {
  const [initial] = initialTransition(iso2EvccMachine, evccInput(mode));
  return { ...initial.context, sessionId: SESSION_ID, pending, schedule: offeredSchedules(11_000).SAScheduleTuple[0] };
}

const ROWS: readonly Row[] = [
  { mode: 'dc', from: 'CableCheck.Request', pending: 'CableCheckReq', to: 'CableCheck.Pause', commands: [],
    response: { CableCheckRes: { ResponseCode: 'OK', DC_EVSEStatus: DC_STATUS, EVSEProcessing: 'Ongoing' } } },
  { mode: 'dc', from: 'CableCheck.Request', pending: 'CableCheckReq', to: 'PreCharge.Request', commands: [], sends: 'PreChargeReq',
    response: { CableCheckRes: { ResponseCode: 'OK', DC_EVSEStatus: DC_STATUS, EVSEProcessing: 'Finished' } } },
  { mode: 'dc', from: 'CableCheck.Request', pending: 'CableCheckReq', to: 'Failed', commands: ['charging off', 'controlPilot B', 'contactors open'],
    response: { CableCheckRes: { ResponseCode: 'OK', DC_EVSEStatus: { ...DC_STATUS, EVSEIsolationStatus: 'Invalid' }, EVSEProcessing: 'Finished' } } },
  { mode: 'dc', from: 'PreCharge.Request', pending: 'PreChargeReq', to: 'PowerDeliveryStart', commands: ['contactors closed', 'controlPilot C'], sends: 'PowerDeliveryReq',
    response: { PreChargeRes: { ResponseCode: 'OK', DC_EVSEStatus: DC_STATUS, EVSEPresentVoltage: V(VEHICLE.batteryVoltage, 'V') } } },
  { mode: 'dc', from: 'PreCharge.Request', pending: 'PreChargeReq', to: 'SessionStop', commands: ['charging off', 'controlPilot B', 'contactors open'], sends: 'SessionStopReq',
    response: { PreChargeRes: { ResponseCode: 'OK', DC_EVSEStatus: { ...DC_STATUS, EVSEStatusCode: 'EVSE_Shutdown' }, EVSEPresentVoltage: V(0, 'V') } } },
  { mode: 'dc', from: 'PowerDeliveryStop', pending: 'PowerDeliveryReq', to: 'WeldingDetection.Request', commands: ['controlPilot B', 'contactors open'], sends: 'WeldingDetectionReq',
    response: { PowerDeliveryRes: { ResponseCode: 'OK', DC_EVSEStatus: DC_STATUS } } },
  { mode: 'ac', from: 'PowerDeliveryStop', pending: 'PowerDeliveryReq', to: 'SessionStop', commands: ['controlPilot B'], sends: 'SessionStopReq',
    response: { PowerDeliveryRes: { ResponseCode: 'OK', AC_EVSEStatus: { RCD: false, NotificationMaxDelay: 0, EVSENotification: 'None' } } } },
  { mode: 'dc', from: 'WeldingDetection.Request', pending: 'WeldingDetectionReq', to: 'SessionStop', commands: [], sends: 'SessionStopReq',
    response: { WeldingDetectionRes: { ResponseCode: 'FAILED', DC_EVSEStatus: DC_STATUS, EVSEPresentVoltage: V(0, 'V') } } },
  { mode: 'dc', from: 'CurrentDemand.Request', pending: 'CurrentDemandReq', to: 'Failed', commands: ['charging off', 'controlPilot B', 'contactors open'],
    response: { CurrentDemandRes: {
      ResponseCode: 'OK', DC_EVSEStatus: { ...DC_STATUS, EVSEStatusCode: 'EVSE_EmergencyShutdown' }, EVSEPresentVoltage: V(400, 'V'), EVSEPresentCurrent: V(10, 'A'),
      EVSECurrentLimitAchieved: false, EVSEVoltageLimitAchieved: false, EVSEPowerLimitAchieved: false, EVSEID: 'DE*ABC', SAScheduleTupleID: 1,
    } } },
];

test('state × response → next state, vehicle commands and the next request', () => {
  for (const row of ROWS) {
    const name = `${row.mode} ${row.from} ← ${Object.keys(row.response)[0]}`;
    const { state, commands, sent } = step(iso2EvccMachine, evccInput(row.mode), row.from, waiting(row.mode, row.pending), {
      type: 'channel.received',
      message: v2gDocument('iso2', iso2Message(SESSION_ID, row.response)),
    });
    assert.is(state, row.to, name);
    assert.equal(commands, row.commands, name);
    assert.equal(sent, row.sends === undefined ? [] : [row.sends], name);
  }
});

test.run();
