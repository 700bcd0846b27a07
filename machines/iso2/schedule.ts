/**
 * SA schedules: the SAScheduleList an SECC offers in ChargeParameterDiscoveryRes, and the tuple and ChargingProfile
 * an EVCC takes from it for PowerDeliveryReq(Start).
 */
import type { ChargingProfileType, SAScheduleListType, SAScheduleTupleType } from '../../codecs/exi/generated/iso2.types.js';
import { fromPhysicalValue, toPhysicalValue } from '../session/physical-value.js';

/** The one tuple this SECC offers: no tariff, the EVSE's power for the next 24 h. */
export const OFFERED_SA_SCHEDULE_TUPLE_ID = 1;
const ONE_DAY_S = 86_400;
/** ChargingProfileType allows 1..24 ProfileEntry elements. */
const MAX_PROFILE_ENTRIES = 24;

export function offeredSchedules(maxPower: number): SAScheduleListType {
  return {
    SAScheduleTuple: [
      {
        SAScheduleTupleID: OFFERED_SA_SCHEDULE_TUPLE_ID,
        PMaxSchedule: { PMaxScheduleEntry: [{ RelativeTimeInterval: { start: 0, duration: ONE_DAY_S }, PMax: toPhysicalValue(maxPower, 'W') }] },
      },
    ],
  };
}

/** The EV takes the SECC's first tuple, the SECC's preferred one (unverified as a -2 rule; no tariffs here). */
export function pickSchedule(list: SAScheduleListType | undefined): SAScheduleTupleType | undefined {
  return list?.SAScheduleTuple[0];
}

/** A profile within PMaxSchedule [V2G2-224]: per schedule entry, the lower of its PMax and the EV's power. */
export function chargingProfileWithin(tuple: SAScheduleTupleType, evMaxPower: number): ChargingProfileType {
  return {
    ProfileEntry: tuple.PMaxSchedule.PMaxScheduleEntry.slice(0, MAX_PROFILE_ENTRIES).map((entry) => ({
      ChargingProfileEntryStart: entry.RelativeTimeInterval.start,
      ChargingProfileEntryMaxPower: toPhysicalValue(Math.min(fromPhysicalValue(entry.PMax), evMaxPower), 'W'),
    })),
  };
}
