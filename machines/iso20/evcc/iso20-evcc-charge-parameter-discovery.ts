/**
 * The EVCC's reading of AC_/DC_ChargeParameterDiscoveryRes (ISO 15118-20 §8.3.5.3): the EVSE's limits must come in
 * the energy transfer mode element of the service selected, the BPT one (with the discharge limits) for a BPT
 * service, the plain one otherwise. Pure, table-tested.
 */
import type { AC_ChargeParameterDiscoveryResType } from '../../../codecs/exi/generated/iso20-ac.types.js';
import type { DC_ChargeParameterDiscoveryResType } from '../../../codecs/exi/generated/iso20-dc.types.js';
import { isBidirectional } from '../iso20-services.js';
import type { Iso20EvccInput } from './iso20-evcc-context.js';

export function chargeParametersUsable(
  input: Pick<Iso20EvccInput, 'service'>,
  res: AC_ChargeParameterDiscoveryResType | DC_ChargeParameterDiscoveryResType,
): boolean {
  const bpt = isBidirectional(input.service);
  const element = Object.keys(res).find((key) => key.endsWith('CPDResEnergyTransferMode'));
  return element !== undefined && element.startsWith('BPT_') === bpt;
}
