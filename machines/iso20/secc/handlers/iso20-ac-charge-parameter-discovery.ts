/**
 * AC_ChargeParameterDiscoveryReq: the EV's power limits against the station's, BPT by substitution group as in DC.
 * The station's power is its nominal voltage × current per phase × the phases of its connector.
 */
import type { AC_ChargeParameterDiscoveryReqType } from '../../../../codecs/exi/generated/iso20-ac.types.js';
import { acChargeParameterDiscoveryRes, readAcChargeParameterDiscoveryReq } from '../../iso20-ac-messages.js';
import { isBidirectional, isDcService } from '../../iso20-services.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { acPhases, dischargeLimits } from '../iso20-evse-limits.js';

const DEFAULT_FREQUENCY_HZ = 50;

export const AC_ChargeParameterDiscovery: Iso20Handler<AC_ChargeParameterDiscoveryReqType> = (ctx, req, received) => {
  const { evse, selection } = ctx;
  const ev = readAcChargeParameterDiscoveryReq(req);
  const bpt = selection !== undefined && isBidirectional(selection.service);
  const fits = selection !== undefined && !isDcService(selection.service) && ev !== undefined && ev.bpt === bpt;
  const perVolt = evse.nominalVoltage * acPhases(ctx.input);
  const discharge = dischargeLimits(evse);
  const quantities = {
    MaximumChargePower: Math.min(evse.maxPower, perVolt * evse.maxCurrent),
    MinimumChargePower: perVolt * evse.minCurrent,
    NominalFrequency: ctx.input.nominalFrequency ?? DEFAULT_FREQUENCY_HZ,
    ...(bpt ? { MaximumDischargePower: discharge.MaximumDischargePower, MinimumDischargePower: discharge.MinimumDischargePower } : {}),
  };
  const document = acChargeParameterDiscoveryRes(replyContext(ctx, received), { responseCode: fits ? 'OK' : 'FAILED_WrongChargeParameter', limits: { bpt, quantities } });
  return answered(document);
};
