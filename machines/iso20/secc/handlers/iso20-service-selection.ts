/**
 * ServiceSelectionReq: one offered energy service by one of its parameter sets (which names the control mode), and
 * any offered value-added services by theirs. A VAS where the energy service goes is
 * FAILED_NoEnergyTransferServiceSelected; anything not offered, FAILED_ServiceSelectionInvalid.
 */
import type { ServiceSelectionReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { readServiceSelectionReq, serviceSelectionRes } from '../../iso20-service-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { energyParameterSets, offeredEnergyService, offeredVasSets } from '../iso20-offer.js';

export const ServiceSelection: Iso20Handler<ServiceSelectionReqType> = (ctx, req, received) => {
  const { energy, valueAddedServices } = readServiceSelectionReq(req);
  const at = replyContext(ctx, received);
  const service = offeredEnergyService(ctx.input, energy.serviceId);
  if (service === undefined) {
    const code = offeredVasSets(ctx.input, energy.serviceId).length > 0 ? 'FAILED_NoEnergyTransferServiceSelected' : 'FAILED_ServiceSelectionInvalid';
    return answered(serviceSelectionRes(at, { responseCode: code }));
  }
  const set = energyParameterSets(ctx.input, service, ctx.evse.nominalVoltage).find((s) => s.id === energy.parameterSetId);
  const vasValid = valueAddedServices.every((vas) => offeredVasSets(ctx.input, vas.serviceId).some((s) => s.id === vas.parameterSetId));
  if (set === undefined || !('controlMode' in set) || !vasValid) return answered(serviceSelectionRes(at, { responseCode: 'FAILED_ServiceSelectionInvalid' }));
  return answered(serviceSelectionRes(at, { responseCode: 'OK' }), {
    update: { selection: { service, parameterSetId: set.id, control: set.controlMode } },
  });
};
