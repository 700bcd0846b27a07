/**
 * The EVCC's reading of AC_/DC_ChargeParameterDiscoveryRes: the EVSE's limits must come in the energy transfer mode
 * element of the service selected, the BPT one (with the discharge limits) for a BPT service, the plain one otherwise,
 * and they must let the charger charge this vehicle at all (../../session/evse-limits.ts). Else the EV ends the
 * session, naming why. Pure, table-tested.
 */
import type { VehicleStatus } from '../../../base/vehicle/vehicle-status.js';
import type { AC_ChargeParameterDiscoveryResType } from '../../../codecs/exi/generated/iso20-ac.types.js';
import type { DC_ChargeParameterDiscoveryResType } from '../../../codecs/exi/generated/iso20-dc.types.js';
import { evseShortfall } from '../../session/evse-limits.js';
import { isBidirectional } from '../iso20-services.js';
import type { Iso20EvccInput } from './iso20-evcc-context.js';
import { limitsOfChargeParameters } from './iso20-evcc-evse-view.js';

/** Why the EV cannot go on with this response; undefined: it can. */
export function chargeParametersProblem(
  input: Pick<Iso20EvccInput, 'service'>,
  vehicle: VehicleStatus,
  res: AC_ChargeParameterDiscoveryResType | DC_ChargeParameterDiscoveryResType,
): string | undefined {
  const bpt = isBidirectional(input.service);
  const [element, mode] = Object.entries(res).find(([key]) => key.endsWith('CPDResEnergyTransferMode')) ?? [];
  if (element === undefined || element.startsWith('BPT_') !== bpt) return 'ChargeParameterDiscoveryRes without the energy transfer mode of the service selected';
  const shortfall = evseShortfall(limitsOfChargeParameters(mode as Readonly<Record<string, unknown>>), vehicle);
  return shortfall === undefined ? undefined : `the EVSE cannot charge this vehicle: ${shortfall}`;
}
