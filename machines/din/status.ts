/**
 * DC_EVSEStatus as the SECC reports it from the power module's EvseStatus (DIN SPEC 70121's DC_EVSEStatusType); what
 * the EVCC reads in it is ../session/evse-verdict.ts, shared with ISO 15118-2.
 */
import type { EvseStatus } from '../session/secc/evse-snapshot.js';
import type { DC_EVSEStatusCodeType, DC_EVSEStatusType, EVSENotificationType } from '../../codecs/exi/generated/din.types.js';

/**
 * EVSEIsolationStatus is optional and DIN has no `No_IMD`: an EVSE without a monitor leaves the field out.
 * ReNegotiation is not used in DIN (unverified), so it is reported as None.
 */
export function dcEvseStatus(evse: EvseStatus, notificationMaxDelay: number): DC_EVSEStatusType {
  const EVSENotification: EVSENotificationType = evse.notification === 'StopCharging' ? 'StopCharging' : 'None';
  const EVSEStatusCode = evseStatusCode(evse);
  // Two literals rather than a conditional spread: this runs for every CurrentDemandRes, and a spread builds the
  // object the slow way.
  if (evse.isolation === 'No_IMD') return { EVSEStatusCode, NotificationMaxDelay: notificationMaxDelay, EVSENotification };
  return { EVSEIsolationStatus: evse.isolation, EVSEStatusCode, NotificationMaxDelay: notificationMaxDelay, EVSENotification };
}

/** A fault wins; while the isolation test runs the monitor is active; otherwise the EVSE is ready. */
function evseStatusCode(evse: EvseStatus): DC_EVSEStatusCodeType {
  switch (evse.fault) {
    case 'Malfunction': return 'EVSE_Malfunction';
    case 'EmergencyShutdown': return 'EVSE_EmergencyShutdown';
    case 'UtilityInterruptEvent': return 'EVSE_UtilityInterruptEvent';
    case undefined: return evse.isolationCheckRunning ? 'EVSE_IsolationMonitoringActive' : 'EVSE_Ready';
  }
}
