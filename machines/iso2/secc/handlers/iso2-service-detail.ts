/** ServiceDetailReq: the parameter sets of an offered service. */
import { CHARGE_SERVICE_ID, respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handleServiceDetail: Iso2Handler<'ServiceDetailReq'> = (req, ctx) => {
  if (req.ServiceID === CHARGE_SERVICE_ID) return respond('ServiceDetailRes', { ResponseCode: 'OK', ServiceID: req.ServiceID });
  const offered = ctx.input.services?.find((s) => s.service.ServiceID === req.ServiceID);
  if (!offered) return respond('ServiceDetailRes', { ResponseCode: 'FAILED_ServiceIDInvalid', ServiceID: req.ServiceID });
  const sets = offered.parameterSets ?? [];
  return respond('ServiceDetailRes', {
    ResponseCode: 'OK',
    ServiceID: req.ServiceID,
    ...(sets.length > 0 ? { ServiceParameterList: { ParameterSet: [...sets] } } : {}),
  });
};
