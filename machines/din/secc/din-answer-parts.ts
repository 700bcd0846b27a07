/** The parts several DIN SPEC 70121 responses share: DC_EVSEStatus, the ChargeService, the SASchedules, the answer. */
import type { BodyType, DC_EVSEStatusType, responseCodeType, SAScheduleListType, ServiceChargeType } from '../../../codecs/exi/generated/din.types.js';
import { answerWith } from '../../session/secc/secc-answer.js';
import type { DinResponseName } from '../din-messages.js';
import { dcEvseStatus } from '../status.js';
import type { DinAnswer, SeccResponseContext } from './din-secc-facts.js';

/** The one service DIN has, the ChargeService; 1 as EVerest and Josev number it. */
export const CHARGE_SERVICE_ID = 1;

/** PMaxType is a bare short whose unit DIN chargers disagree on; EVerest sends watts clamped to it (unverified). */
const PMAX_LIMIT = 32767;

export function status(c: SeccResponseContext): DC_EVSEStatusType {
  return dcEvseStatus(c.evse, c.input.notificationMaxDelay);
}

export function chargeService(c: SeccResponseContext): ServiceChargeType {
  return {
    ServiceTag: { ServiceID: CHARGE_SERVICE_ID, ServiceCategory: 'EVCharging' },
    FreeService: c.input.freeService,
    EnergyTransferType: c.input.energyTransferType,
  };
}

/** One PMaxSchedule of the EVSE's maximum power for a day: DIN's mandatory SASchedules without tariffs. */
export function saScheduleList(maxPower: number): SAScheduleListType {
  const entry = { RelativeTimeInterval: { start: 0, duration: 86_400 }, PMax: Math.max(0, Math.min(PMAX_LIMIT, Math.round(maxPower))) };
  return { SAScheduleTuple: [{ SAScheduleTupleID: 1, PMaxSchedule: { PMaxScheduleID: 1, PMaxScheduleEntry: [entry] } }] };
}

/** The answer whose body is response `name` with `element`. */
export function respond<K extends DinResponseName>(name: K, element: NonNullable<BodyType[K]>, more: Omit<DinAnswer, 'code' | 'body'> = {}): DinAnswer {
  return answerWith(name, element as { ResponseCode: responseCodeType }, more);
}
