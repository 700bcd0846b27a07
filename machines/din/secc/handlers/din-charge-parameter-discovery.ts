/**
 * ChargeParameterDiscoveryReq: the EVSE's DC limits and its schedule. No energy: the answer carries
 * EVSENotification=StopCharging and only SessionStopReq may follow, as EVerest's no-energy pause (IEC 61851-23:2023
 * CC.5.3.2); otherwise the cable check [V2G-DC-453].
 */
import type { ChargeParameterDiscoveryReqType, EVRequestedEnergyTransferType, responseCodeType } from '../../../../codecs/exi/generated/din.types.js';
import { fromPhysicalValue, toPhysicalValue } from '../../../session/physical-value.js';
import { respond, saScheduleList, status } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

/** Every DC transfer type; an EV asking AC of a DC charger gets FAILED_WrongEnergyTransferType. */
const DC_TRANSFER_TYPES: ReadonlySet<EVRequestedEnergyTransferType> = new Set(['DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique']);

function chargeParameterCode(req: ChargeParameterDiscoveryReqType): responseCodeType {
  if (!DC_TRANSFER_TYPES.has(req.EVRequestedEnergyTransferType)) return 'FAILED_WrongEnergyTransferType';
  return req.DC_EVChargeParameter === undefined ? 'FAILED_WrongChargeParameter' : 'OK';
}

export const handleChargeParameterDiscovery: DinHandler<'ChargeParameterDiscoveryReq'> = (req, c) => {
  const code = chargeParameterCode(req);
  const limit = req.DC_EVChargeParameter?.EVMaximumVoltageLimit;
  return respond(
    'ChargeParameterDiscoveryRes',
    {
      ResponseCode: code,
      EVSEProcessing: 'Finished',
      SAScheduleList: saScheduleList(c.evse.maxPower),
      DC_EVSEChargeParameter: {
        DC_EVSEStatus: status(c),
        EVSEMaximumCurrentLimit: toPhysicalValue(c.evse.maxCurrent, 'A'),
        EVSEMaximumPowerLimit: toPhysicalValue(c.evse.maxPower, 'W'),
        EVSEMaximumVoltageLimit: toPhysicalValue(c.evse.maxVoltage, 'V'),
        EVSEMinimumCurrentLimit: toPhysicalValue(c.evse.minCurrent, 'A'),
        EVSEMinimumVoltageLimit: toPhysicalValue(c.evse.minVoltage, 'V'),
        EVSEPeakCurrentRipple: toPhysicalValue(c.input.peakCurrentRipple, 'A'),
      },
    },
    {
      route: c.evse.notification === 'StopCharging' ? 'noEnergy' : 'cableCheck',
      ...(limit === undefined ? {} : { update: { evMaximumVoltage: fromPhysicalValue(limit) } }),
    },
  );
};
