/** ServiceDetailReq: the parameter sets of an offered service; any other ServiceID is FAILED_ServiceIDInvalid. */
import type { ServiceDetailReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { serviceDetailRes } from '../../iso20-service-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { energyParameterSets, offeredEnergyService, offeredVasSets } from '../iso20-offer.js';

export const ServiceDetail: Iso20Handler<ServiceDetailReqType> = (ctx, req, received) => {
  const energy = offeredEnergyService(ctx.input, req.ServiceID);
  const sets = energy ? energyParameterSets(ctx.input, energy, ctx.evse.nominalVoltage) : offeredVasSets(ctx.input, req.ServiceID);
  const at = replyContext(ctx, received);
  if (sets.length === 0) {
    // The XSD wants a parameter set even here: the one the minimal response carries.
    return answered(serviceDetailRes(at, { responseCode: 'FAILED_ServiceIDInvalid', serviceId: req.ServiceID, parameterSets: energyParameterSets(ctx.input, 'DC', 0).slice(0, 1) }));
  }
  return answered(serviceDetailRes(at, { responseCode: 'OK', serviceId: req.ServiceID, parameterSets: sets }));
};
