/**
 * What the EVCC learns of the EVSE from each accepted ISO 15118-20 response, in the kit's view
 * (../../session/evcc/evse-view-after.ts): the present voltage and current (RationalNumber, not -2's PhysicalValue),
 * the limits ChargeParameterDiscoveryRes states, and the EVSENotification of the response's EVSEStatus. -20 has no
 * status codes and no isolation status in its responses: the only stop the EVSE asks is its Terminate notification,
 * which every state takes the normal way out of; nothing in a -20 response is an emergency.
 */
import type { RationalNumberType } from '../../../codecs/exi/generated/iso20-types.types.js';
import type { EvseLimits } from '../../session/evse-limits.js';
import type { ResponseElement } from '../../session/evse-verdict.js';
import type { EvseView } from '../../session/evcc/evse-view-after.js';
import { fromRational } from '../iso20-rational.js';

/** A RationalNumber field of `record` in SI; undefined when absent or not one. */
function rationalField(record: ResponseElement | undefined, field: string): number | undefined {
  const value = record?.[field] as RationalNumberType | undefined;
  return value === undefined || typeof value !== 'object' || !('Exponent' in value) ? undefined : fromRational(value);
}

/** The energy transfer mode element of a ChargeParameterDiscoveryRes, plain or BPT, AC or DC; undefined in any other. */
function energyTransferModeOf(element: ResponseElement): ResponseElement | undefined {
  const key = Object.keys(element).find((k) => k.endsWith('CPDResEnergyTransferMode'));
  return key === undefined ? undefined : (element[key] as ResponseElement);
}

/** The DC limits of a ChargeParameterDiscoveryRes in the kit's terms; AC states power only. */
export function limitsOfChargeParameters(mode: ResponseElement): EvseLimits {
  const heard: Record<string, number | undefined> = {
    maxVoltage: rationalField(mode, 'EVSEMaximumVoltage'),
    maxCurrent: rationalField(mode, 'EVSEMaximumChargeCurrent'),
    maxPower: rationalField(mode, 'EVSEMaximumChargePower'),
    minVoltage: rationalField(mode, 'EVSEMinimumVoltage'),
  };
  return Object.fromEntries(Object.entries(heard).filter(([, v]) => v !== undefined)) as EvseLimits;
}

export function iso20EvseViewAfter(view: EvseView, name: string, element: ResponseElement): EvseView {
  const status = element['EVSEStatus'] as { readonly EVSENotification?: string } | undefined;
  const notification = status?.EVSENotification ?? 'None';
  const mode = energyTransferModeOf(element);
  return {
    presentVoltage: rationalField(element, 'EVSEPresentVoltage') ?? view.presentVoltage,
    presentCurrent: rationalField(element, 'EVSEPresentCurrent') ?? view.presentCurrent,
    nominalVoltage: view.nominalVoltage,
    limits: mode === undefined ? view.limits : limitsOfChargeParameters(mode),
    notification,
    verdict: notification === 'Terminate' ? { action: 'stop', reason: `EVSENotification Terminate in ${name}` } : undefined,
  };
}
