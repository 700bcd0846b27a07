/**
 * How the SECC tells the EV the power module's state: AC_EVSEStatus and DC_EVSEStatus of ISO 15118-2
 * (AC_EVSEStatusType, DC_EVSEStatusType), from the adapter's EvseStatus.
 */
import type { EvseStatus } from '../session/secc/evse-snapshot.js';
import type { AC_EVSEStatusType, DC_EVSEStatusCodeType, DC_EVSEStatusType, EVSENotificationType } from '../../codecs/exi/generated/iso2.types.js';

/** The EV is asked to act at once; the power module has no notion of a grace period. */
const NOTIFICATION_MAX_DELAY_S = 0;

const FAULT_CODES: Readonly<Record<NonNullable<EvseStatus['fault']>, DC_EVSEStatusCodeType>> = {
  Malfunction: 'EVSE_Malfunction',
  EmergencyShutdown: 'EVSE_EmergencyShutdown',
  UtilityInterruptEvent: 'EVSE_UtilityInterruptEvent',
};

/**
 * A fault asks the EV to stop (AC has no status code to say more); a ReNegotiation the EV has already followed is not
 * repeated while the module still reports it.
 */
export function evseNotification(status: EvseStatus, renegotiationAnswered: boolean): EVSENotificationType {
  if (status.fault) return 'StopCharging';
  if (status.notification === 'ReNegotiation' && renegotiationAnswered) return 'None';
  return status.notification;
}

/** RCD is false: the adapter reports a tripped RCD as a fault, which already says StopCharging. */
export function acEvseStatus(status: EvseStatus, renegotiationAnswered: boolean): AC_EVSEStatusType {
  return { NotificationMaxDelay: NOTIFICATION_MAX_DELAY_S, EVSENotification: evseNotification(status, renegotiationAnswered), RCD: false };
}

/**
 * A stop the EVSE wants is EVSENotification=StopCharging (ISO 15118-2's EVSENotificationType: the EV is to end the
 * energy transfer within NotificationMaxDelay, by PowerDeliveryReq with ChargeProgress=Stop) and, in DC, EVSE_Shutdown
 * too (DC_EVSEStatusCodeType), which DC EVs that read only the status code act on.
 */
export function dcEvseStatus(status: EvseStatus, renegotiationAnswered: boolean): DC_EVSEStatusType {
  const notification = evseNotification(status, renegotiationAnswered);
  const code: DC_EVSEStatusCodeType = status.fault ? FAULT_CODES[status.fault] : notification === 'StopCharging' ? 'EVSE_Shutdown' : 'EVSE_Ready';
  return {
    NotificationMaxDelay: NOTIFICATION_MAX_DELAY_S,
    EVSENotification: notification,
    EVSEIsolationStatus: status.isolation,
    EVSEStatusCode: code,
  };
}

export type EvseStatusField = { AC_EVSEStatus: AC_EVSEStatusType } | { DC_EVSEStatus: DC_EVSEStatusType };

/** PowerDeliveryRes and MeteringReceiptRes carry the status of the session's kind. */
export function evseStatusField(mode: 'ac' | 'dc', status: EvseStatus, renegotiationAnswered: boolean): EvseStatusField {
  return mode === 'ac'
    ? { AC_EVSEStatus: acEvseStatus(status, renegotiationAnswered) }
    : { DC_EVSEStatus: dcEvseStatus(status, renegotiationAnswered) };
}
