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

/**
 * The highest power the tuple allows the EV at any time: its lowest PMax. The machine keeps no clock of its own, so
 * the lowest entry bounds whichever interval is in force; a schedule of one entry, as this SECC and most offer, loses
 * nothing by it.
 */
export function scheduleMaxPower(tuple: SAScheduleTupleType | undefined): number | undefined {
  if (tuple === undefined) return undefined;
  return Math.min(...tuple.PMaxSchedule.PMaxScheduleEntry.map((entry) => fromPhysicalValue(entry.PMax)));
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
