/**
 * The EVCC's reading of the ServiceDetailRes for its energy service: of the parameter sets
 * offered it selects one of its control mode; in BPT it prefers the Unified BPTChannel, in which both directions flow
 * in one charge loop by the sign of the power (Separated would need a PowerDelivery to change direction; decided
 * without the standard's text). Sets another stack wrote with tolerance are read as ../iso20-services.ts reads them.
 * Pure, table-tested.
 */
import type { ServiceDetailResType } from '../../../codecs/exi/generated/iso20-common.types.js';
import { readServiceDetailRes, type SelectedService } from '../iso20-service-messages.js';
import { SERVICE_IDS, type ParameterSetFacts } from '../iso20-services.js';
import type { Iso20EvccInput } from './iso20-evcc-context.js';

/** Whether this ServiceDetailRes is the energy service's (the others are value-added services, only read). */
export function isEnergyServiceDetail(input: Pick<Iso20EvccInput, 'service'>, res: ServiceDetailResType): boolean {
  return res.ServiceID === SERVICE_IDS[input.service];
}

/** A value-added service's parameter set the EV selects: the first the station lists; undefined: none. */
export function pickValueAddedParameterSet(res: ServiceDetailResType): SelectedService | undefined {
  const first = res.ServiceParameterList.ParameterSet[0];
  return first === undefined ? undefined : { serviceId: res.ServiceID, parameterSetId: first.ParameterSetID };
}

/** The parameter set the EV selects; undefined: none of its control mode is offered. */
export function pickParameterSet(input: Pick<Iso20EvccInput, 'service' | 'controlMode'>, res: ServiceDetailResType): ParameterSetFacts | undefined {
  const sets = readServiceDetailRes(res).parameterSets.filter(
    (set) => set.service === input.service && 'controlMode' in set && set.controlMode === input.controlMode,
  );
  return sets.find((set) => !('bptChannel' in set) || set.bptChannel === 'Unified') ?? sets[0];
}
