/**
 * What the EVCC learns of the EVSE from a response: present voltage and current, AC limits, the EVSENotification
 * and whether the EVSE has shut down (SESSIONS.md §2.4).
 */
import type { AC_EVSEStatusType, DC_EVSEStatusCodeType, DC_EVSEStatusType } from '../../codecs/exi/generated/iso2.types.js';
import { fromPhysicalValue } from '../session/physical-value.js';
import type { EvseView } from './evcc-context.js';
import type { Iso2ResponseEvent } from './messages.js';

/** DC status codes after which the EV ends charging (JSV, pyPLC: the charger's way of saying stop). */
const SHUTDOWN_CODES: ReadonlySet<DC_EVSEStatusCodeType> = new Set([
  'EVSE_Shutdown',
  'EVSE_EmergencyShutdown',
  'EVSE_Malfunction',
  'EVSE_UtilityInterruptEvent',
]);

export function evseViewAfter(view: EvseView, response: Iso2ResponseEvent): EvseView {
  switch (response.type) {
    case 'ChargeParameterDiscoveryRes': {
      const ac = response.body.AC_EVSEChargeParameter;
      return ac ? { ...view, nominalVoltage: fromPhysicalValue(ac.EVSENominalVoltage), maxCurrent: fromPhysicalValue(ac.EVSEMaxCurrent) } : view;
    }
    case 'PreChargeRes':
    case 'WeldingDetectionRes':
      return { ...withStatus(view, response.body.DC_EVSEStatus), presentVoltage: fromPhysicalValue(response.body.EVSEPresentVoltage) };
    case 'CurrentDemandRes':
      return {
        ...withStatus(view, response.body.DC_EVSEStatus),
        presentVoltage: fromPhysicalValue(response.body.EVSEPresentVoltage),
        presentCurrent: fromPhysicalValue(response.body.EVSEPresentCurrent),
        meterInfo: response.body.MeterInfo,
      };
    case 'ChargingStatusRes':
      return {
        ...withStatus(view, response.body.AC_EVSEStatus),
        maxCurrent: response.body.EVSEMaxCurrent ? fromPhysicalValue(response.body.EVSEMaxCurrent) : view.maxCurrent,
        meterInfo: response.body.MeterInfo,
      };
    case 'MeteringReceiptRes':
      return withStatus(view, response.body.AC_EVSEStatus ?? response.body.DC_EVSEStatus);
    default:
      return view;
  }
}

function withStatus(view: EvseView, status: AC_EVSEStatusType | DC_EVSEStatusType | undefined): EvseView {
  if (!status) return view;
  const shutdown = 'RCD' in status ? status.RCD : SHUTDOWN_CODES.has(status.EVSEStatusCode);
  return { ...view, notification: status.EVSENotification, shutdown };
}
