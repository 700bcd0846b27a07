/** ChargeParameterDiscoveryReq: the energy transfer mode chosen, the EVSE's limits and, once there is power, its schedule. */
import type { EnergyTransferModeType } from '../../../../codecs/exi/generated/iso2.types.js';
import { fromPhysicalValue, toPhysicalValue } from '../../../session/physical-value.js';
import { acEvseStatus, dcEvseStatus } from '../../evse-status.js';
import { offeredSchedules } from '../../schedule.js';
import type { Iso2AnswerContext } from '../../secc-context.js';
import { minimal, type Iso2Handler } from '../iso2-answer-parts.js';

/** PMax of the offered schedule: DC the module's power; AC nominal voltage × current per phase × phases. */
function offeredPower(ctx: Iso2AnswerContext, mode: EnergyTransferModeType): number {
  if (mode.startsWith('DC')) return ctx.evse.maxPower;
  const phases = mode === 'AC_three_phase_core' ? 3 : 1;
  return ctx.evse.nominalVoltage * ctx.evse.maxCurrent * phases;
}

function evseChargeParameter(ctx: Iso2AnswerContext) {
  const { evse } = ctx;
  if (ctx.mode === 'ac') {
    return {
      AC_EVSEChargeParameter: {
        AC_EVSEStatus: acEvseStatus(evse, ctx.renegotiationAnswered),
        EVSENominalVoltage: toPhysicalValue(evse.nominalVoltage, 'V'),
        EVSEMaxCurrent: toPhysicalValue(evse.maxCurrent, 'A'),
      },
    };
  }
  return {
    DC_EVSEChargeParameter: {
      DC_EVSEStatus: dcEvseStatus(evse, ctx.renegotiationAnswered),
      EVSEMaximumCurrentLimit: toPhysicalValue(evse.maxCurrent, 'A'),
      EVSEMaximumPowerLimit: toPhysicalValue(evse.maxPower, 'W'),
      EVSEMaximumVoltageLimit: toPhysicalValue(evse.maxVoltage, 'V'),
      EVSEMinimumCurrentLimit: toPhysicalValue(evse.minCurrent, 'A'),
      EVSEMinimumVoltageLimit: toPhysicalValue(evse.minVoltage, 'V'),
      EVSEPeakCurrentRipple: toPhysicalValue(ctx.input.peakCurrentRipple ?? 0, 'A'),
    },
  };
}

export const handleChargeParameterDiscovery: Iso2Handler<'ChargeParameterDiscoveryReq'> = (req, ctx) => {
  const mode = req.RequestedEnergyTransferMode.startsWith('AC') ? 'ac' : 'dc';
  const basis = { ...ctx, mode } as const;
  if (!ctx.input.energyTransferModes.includes(req.RequestedEnergyTransferMode)) {
    return minimal(basis, 'ChargeParameterDiscoveryReq', 'FAILED_WrongEnergyTransferMode');
  }
  const evMaxVoltage = mode === 'ac' ? req.AC_EVChargeParameter?.EVMaxVoltage : req.DC_EVChargeParameter?.EVMaximumVoltageLimit;
  if (!evMaxVoltage) return minimal(basis, 'ChargeParameterDiscoveryReq', 'FAILED_WrongChargeParameter');
  const power = offeredPower(ctx, req.RequestedEnergyTransferMode);
  // No power to offer yet (load management, power stage starting): the EV asks again until there is (unverified
  // which condition real chargers wait on; EvseStatus has no "schedule ready", so a positive power stands for it).
  const processing = power > 0 ? 'Finished' : 'Ongoing';
  const update = { mode, energyTransferMode: req.RequestedEnergyTransferMode, evMaxVoltage: fromPhysicalValue(evMaxVoltage) } as const;
  const next = { ...ctx, ...update };
  return {
    body: {
      ChargeParameterDiscoveryRes: {
        ResponseCode: 'OK',
        EVSEProcessing: processing,
        ...(processing === 'Finished' ? { SAScheduleList: offeredSchedules(power) } : {}),
        ...evseChargeParameter(next),
      },
    },
    code: 'OK',
    processing,
    // After a renegotiation the DC cable is still checked and precharged: straight to PowerDelivery.
    ...(processing === 'Finished' ? { route: ctx.renegotiating ? 'renegotiated' : mode } : {}),
    update,
  };
};
