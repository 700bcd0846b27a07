/**
 * DC_ChargeParameterDiscoveryReq: the EV's limits against the stage's, BPT by substitution group: the BPT element
 * goes with DC_BPT, the plain one with DC; the other is FAILED_WrongChargeParameter, as a request for a service other
 * than the selected one. EVSEMinimumChargePower is the stage's minimum current at its minimum voltage (the stage
 * reports no minimum power; decided without the standard's text).
 */
import type { DC_ChargeParameterDiscoveryReqType } from '../../../../codecs/exi/generated/iso20-dc.types.js';
import { dcChargeParameterDiscoveryRes, readDcChargeParameterDiscoveryReq } from '../../iso20-dc-messages.js';
import { isBidirectional, isDcService } from '../../iso20-services.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { dischargeLimits } from '../iso20-evse-limits.js';

export const DC_ChargeParameterDiscovery: Iso20Handler<DC_ChargeParameterDiscoveryReqType> = (ctx, req, received) => {
  const { evse, selection } = ctx;
  const ev = readDcChargeParameterDiscoveryReq(req);
  const bpt = selection !== undefined && isBidirectional(selection.service);
  const fits = selection !== undefined && isDcService(selection.service) && ev !== undefined && ev.bpt === bpt;
  const quantities = {
    MaximumChargePower: evse.maxPower,
    MinimumChargePower: evse.minCurrent * evse.minVoltage,
    MaximumChargeCurrent: evse.maxCurrent,
    MinimumChargeCurrent: evse.minCurrent,
    MaximumVoltage: evse.maxVoltage,
    MinimumVoltage: evse.minVoltage,
    ...(bpt ? dischargeLimits(evse) : {}),
  };
  const document = dcChargeParameterDiscoveryRes(replyContext(ctx, received), {
    responseCode: fits ? 'OK' : 'FAILED_WrongChargeParameter',
    limits: { bpt, quantities },
  });
  return answered(document, fits ? { update: { evMaxVoltage: ev.quantities.MaximumVoltage } } : {});
};
