/**
 * The limits the ISO 15118-20 EV keeps to: what the EVSE stated in ChargeParameterDiscoveryRes, lowered by what it
 * states in the charge loop (EVSEMaximumChargePower, EVSEMaximumChargeCurrent, EVSEMaximumVoltage of the response's
 * control element), in the kit's terms (../../session/evse-limits.ts).
 */
import type { EvseLimits } from '../../session/evse-limits.js';
import type { Iso20EvccContext } from './iso20-evcc-context.js';

export function loopLimits(context: Pick<Iso20EvccContext, 'evse' | 'loopControl'>): EvseLimits {
  const q = context.loopControl?.quantities ?? {};
  const lower = (stated: number | undefined, heard: number | undefined) =>
    heard === undefined ? stated : Math.min(stated ?? Infinity, heard);
  const { limits } = context.evse;
  return {
    ...limits,
    maxPower: lower(limits.maxPower, q['MaximumChargePower']),
    maxCurrent: lower(limits.maxCurrent, q['MaximumChargeCurrent']),
    maxVoltage: lower(limits.maxVoltage, q['MaximumVoltage']),
  };
}
