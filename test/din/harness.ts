/**
 * What the DIN session tests share: a vehicle and an EVSE status to start from, the machines' inputs, an oracle that
 * every message is schema-valid DIN (it must survive `encode` and `decode`).
 */
import { SimulatedClock } from 'xstate';
import type { EvseStatus } from '../../adapters/evse.js';
import type { VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import { decode, encode } from '../../codecs/exi/index.js';
import type { BodyType } from '../../codecs/exi/generated/din.types.js';
import { evccRequestBody, type EvccStep } from '../../machines/din/din-evcc-requests.js';
import { DIN_EVCC_DEFAULTS, DIN_SECC_DEFAULTS, type DinEvccInput, type DinSeccInput } from '../../machines/din/din-input.js';
import { bodyName, dinMessage, type DinMessage } from '../../machines/din/din-messages.js';
import { initialDinFacts } from '../../machines/din/secc/din-secc-facts.js';
import { seccAnswer } from '../../machines/din/secc/din-secc-handlers.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { NO_LIMITS } from '../../machines/session/evse-limits.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';

export const SESSION_ID = Uint8Array.of(0x47, 0x11, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f);
export const EVCC_ID = Uint8Array.of(0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc);
export const LOOP_INTERVAL = 100;

export const VEHICLE: VehicleStatus = {
  soc: 78,
  batteryVoltage: 380,
  targetVoltage: 400,
  targetCurrent: 100,
  maxVoltage: 450,
  maxCurrent: 200,
  maxPower: 80_000,
  minCurrent: 0,
  energyCapacity: 60_000,
  energyRequest: 12_000,
  fullSoc: 80,
  bulkSoc: 70,
  remainingTimeToFullSoc: 600,
  remainingTimeToBulkSoc: 0,
  ready: true,
  stopRequested: false,
};

export const EVSE: EvseStatus = {
  presentVoltage: 0,
  presentCurrent: 0,
  isolation: 'Invalid',
  isolationCheckRunning: false,
  maxVoltage: 500,
  maxCurrent: 125,
  maxPower: 50_000,
  minVoltage: 150,
  minCurrent: 0,
  nominalVoltage: 0,
  ready: false,
  meterWh: 0,
  notification: 'None',
  authorized: true,
};

export function evccInput(overrides: Partial<DinEvccInput> = {}): DinEvccInput {
  return { ...DIN_EVCC_DEFAULTS, timing: timingFor('din'), evccId: EVCC_ID, vehicle: VEHICLE, loopInterval: LOOP_INTERVAL, ...overrides };
}

export function seccInput(overrides: Partial<DinSeccInput> = {}): DinSeccInput {
  return { ...DIN_SECC_DEFAULTS, timing: timingFor('din'), evseId: '49*89*6360', newSessionId: SESSION_ID, ...overrides };
}

/** The message as the peer would receive it: encoded and decoded by the DIN codec, which throws on anything schema-invalid. */
export function overTheWire(message: DinMessage): DinMessage {
  const document = decode('din', encode('din', message));
  if (!('V2G_Message' in document)) throw new Error(`decoded a ${Object.keys(document).join()} instead of a V2G_Message`);
  return document;
}

export function received(sessionId: Uint8Array, body: BodyType) {
  return { type: 'channel.received' as const, message: v2gDocument('din', overTheWire(dinMessage(sessionId, body))) };
}

/** The EVCC's request of `step` for the test vehicle, as a message of the test session. */
export function evRequest(step: EvccStep, vehicle: VehicleStatus = VEHICLE, sessionId: Uint8Array = SESSION_ID) {
  const input = { ...DIN_EVCC_DEFAULTS, evccId: EVCC_ID };
  return received(sessionId, evccRequestBody(step, { input, vehicle, serviceId: 1, evseLimits: NO_LIMITS }));
}

/** What the SECC answers to `message`'s request with the power module's `evse` and `input`, as its machine would. */
export function seccAnswerTo(message: DinMessage, evse: EvseStatus, input: DinSeccInput = seccInput()) {
  const name = bodyName(message)!;
  return seccAnswer(name, message.V2G_Message.Body[name]!, { ...initialDinFacts(input), input, evse, pending: {} });
}

export function newClock(): SimulatedClock {
  return new SimulatedClock();
}
