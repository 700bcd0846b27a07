/**
 * What the EVCC learns of the EVSE from a response: present voltage and current, the limits it announces (DC and AC),
 * the EVSENotification, and the verdict on its status (../session/evse-verdict.ts, the rule DIN shares).
 */
import { limitsAfter } from '../session/evse-limits.js';
import { responseVerdict, type ResponseElement } from '../session/evse-verdict.js';
import { fromPhysicalValue } from '../session/physical-value.js';
import type { EvseView } from './evcc-context.js';
import type { Iso2ResponseEvent } from './iso2-messages.js';

export function evseViewAfter(view: EvseView, response: Iso2ResponseEvent): EvseView {
  const element = response.body as unknown as ResponseElement;
  const status = (element['DC_EVSEStatus'] ?? element['AC_EVSEStatus']) as { EVSENotification: EvseView['notification'] } | undefined;
  const charged = {
    ...view,
    limits: limitsAfter(view.limits, element),
    verdict: responseVerdict(response.type, element),
    ...(status === undefined ? {} : { notification: status.EVSENotification }),
  };
  switch (response.type) {
    case 'ChargeParameterDiscoveryRes': {
      const ac = response.body.AC_EVSEChargeParameter;
      return ac ? { ...charged, nominalVoltage: fromPhysicalValue(ac.EVSENominalVoltage) } : charged;
    }
    case 'PreChargeRes':
    case 'WeldingDetectionRes':
      return { ...charged, presentVoltage: fromPhysicalValue(response.body.EVSEPresentVoltage) };
    case 'CurrentDemandRes':
      return {
        ...charged,
        presentVoltage: fromPhysicalValue(response.body.EVSEPresentVoltage),
        presentCurrent: fromPhysicalValue(response.body.EVSEPresentCurrent),
        meterInfo: response.body.MeterInfo,
      };
    case 'ChargingStatusRes':
      return { ...charged, meterInfo: response.body.MeterInfo };
    default:
      return charged;
  }
}
