/**
 * The EVCC's reading of a Finished ChargeParameterDiscoveryRes (ISO 15118-2 §8.4.3.8): it must bring a schedule and
 * the EVSE parameters of the EV's mode (AC_ or DC_EVSEChargeParameter); the schedule chosen is what PowerDeliveryReq
 * names and what caps the EV's power [V2G2-224]. Pure, table-tested.
 */
import type { ChargeParameterDiscoveryResType } from '../../../codecs/exi/generated/iso2.types.js';
import type { Iso2EvccInput } from '../evcc-context.js';
import { pickSchedule } from '../schedule.js';

export function chargeParametersUsable(input: Pick<Iso2EvccInput, 'mode'>, res: ChargeParameterDiscoveryResType): boolean {
  const parameters = input.mode === 'ac' ? res.AC_EVSEChargeParameter : res.DC_EVSEChargeParameter;
  return pickSchedule(res.SAScheduleList) !== undefined && parameters !== undefined;
}
