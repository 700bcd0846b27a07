/**
 * The EVCC's answer to ServiceDiscoveryRes: its energy transfer service must be offered,
 * else there is nothing to select; ServiceDetail follows for it (its parameter sets carry the ParameterSetID that
 * ServiceSelection names) and then for each value-added service the EV uses, of those offered. Pure, table-tested.
 */
import type { ServiceDiscoveryResType } from '../../../codecs/exi/generated/iso20-common.types.js';
import { readServiceDiscoveryRes } from '../iso20-service-messages.js';
import { SERVICE_IDS } from '../iso20-services.js';
import type { Iso20EvccInput } from './iso20-evcc-context.js';

export type ServiceDiscoveryAnswer =
  | { readonly usable: false }
  | { readonly usable: true; readonly serviceDetailQueue: readonly number[]; readonly serviceRenegotiationSupported: boolean };

export function answerServiceDiscovery(input: Pick<Iso20EvccInput, 'service' | 'valueAddedServices'>, res: ServiceDiscoveryResType): ServiceDiscoveryAnswer {
  const facts = readServiceDiscoveryRes(res);
  const energy = SERVICE_IDS[input.service];
  if (!facts.energyServices.some((s) => s.serviceId === energy)) return { usable: false };
  const offered = new Set(facts.valueAddedServices.map((s) => s.serviceId));
  const details = (input.valueAddedServices ?? []).filter((id) => offered.has(id));
  return { usable: true, serviceDetailQueue: [energy, ...details], serviceRenegotiationSupported: facts.serviceRenegotiationSupported };
}
