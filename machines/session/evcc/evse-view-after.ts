/**
 * What the EVCC learns of the EVSE from each accepted response, by the field names DIN 70121 and ISO 15118-2 share:
 * present voltage and current, the limits it announces (../evse-limits.ts), its EVSENotification and the verdict on
 * its status (../evse-verdict.ts). An ISO 15118-20 adapter reads its own names into the same view.
 */
import { limitsAfter, NO_LIMITS, type EvseLimits } from '../evse-limits.js';
import { responseVerdict, type EvseVerdict, type ResponseElement } from '../evse-verdict.js';
import { fromPhysicalValue } from '../physical-value.js';

export interface EvseView {
  readonly presentVoltage: number;
  readonly presentCurrent: number;
  /** AC: EVSENominalVoltage. */
  readonly nominalVoltage: number;
  /** The EVSE's limits as last announced (DC EVSEMaximum*, AC EVSEMaxCurrent per phase). */
  readonly limits: EvseLimits;
  /** EVSENotification of the last status: `ReNegotiation` asks the EV to renegotiate (ISO 15118-2). */
  readonly notification: string;
  /** What the last response's EVSE status asks of the EV; undefined: nothing. */
  readonly verdict?: EvseVerdict;
}

export const UNKNOWN_EVSE: EvseView = { presentVoltage: 0, presentCurrent: 0, nominalVoltage: 0, limits: NO_LIMITS, notification: 'None' };

type Quantity = { readonly Multiplier: number; readonly Value: number };

/** `view` after response `name` with fields `element`; a field the response leaves out keeps its value. */
export function evseViewAfter(view: EvseView, name: string, element: ResponseElement): EvseView {
  const status = (element['DC_EVSEStatus'] ?? element['AC_EVSEStatus']) as { readonly EVSENotification?: string } | undefined;
  const nominal = (element['AC_EVSEChargeParameter'] as ResponseElement | undefined)?.['EVSENominalVoltage'] as Quantity | undefined;
  const voltage = element['EVSEPresentVoltage'] as Quantity | undefined;
  const current = element['EVSEPresentCurrent'] as Quantity | undefined;
  return {
    presentVoltage: voltage === undefined ? view.presentVoltage : fromPhysicalValue(voltage),
    presentCurrent: current === undefined ? view.presentCurrent : fromPhysicalValue(current),
    nominalVoltage: nominal === undefined ? view.nominalVoltage : fromPhysicalValue(nominal),
    limits: limitsAfter(view.limits, element),
    notification: status?.EVSENotification ?? view.notification,
    verdict: responseVerdict(name, element),
  };
}
