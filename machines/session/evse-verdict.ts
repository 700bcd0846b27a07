/**
 * What the EV reads in the EVSE's status, the same in DIN 70121 and ISO 15118-2 (their DC_EVSEStatus and
 * AC_EVSEStatus share every field name and value the EV acts on): in every response that carries one, whether the
 * charger wants the session to end, and how.
 *
 * - `emergency`: EVSE_EmergencyShutdown, EVSEIsolationStatus Fault, or AC's RCD. The cable is not safe to carry
 *   energy: the EV stops at once, opens its contactors and sends nothing more (DIN 70121 and ISO 15118-2 tables of
 *   DC_EVSEStatusCodeType; JSV and pyPLC stop on them alike).
 * - `stop`: EVSENotification StopCharging, EVSE_Shutdown, EVSE_Malfunction or EVSE_UtilityInterruptEvent. The charger
 *   still talks, so the EV ends the normal way: PowerDelivery stop (and DC WeldingDetection) once energy was asked
 *   for, else SessionStop. The EV reacts at once, within any NotificationMaxDelay.
 *
 * EVSE_NotReady and EVSE_IsolationMonitoringActive are no reason to stop: real chargers answer PreChargeReq with
 * EVSE_NotReady while their output still rises.
 */

export type EvseVerdict = { readonly action: 'emergency' | 'stop'; readonly reason: string };

/** The fields of DC_EVSEStatus and AC_EVSEStatus the EV acts on, as both protocols name them. */
interface EvseStatusFields {
  readonly EVSEStatusCode?: string;
  readonly EVSEIsolationStatus?: string;
  readonly EVSENotification?: string;
  readonly RCD?: boolean;
}

const EMERGENCY_CODES: ReadonlySet<string> = new Set(['EVSE_EmergencyShutdown']);
const STOP_CODES: ReadonlySet<string> = new Set(['EVSE_Shutdown', 'EVSE_Malfunction', 'EVSE_UtilityInterruptEvent']);

/** The verdict on one status; `where` names the response for the reason, e.g. `PreChargeRes`. */
export function evseVerdict(status: EvseStatusFields, where: string): EvseVerdict | undefined {
  const code = status.EVSEStatusCode;
  if (code !== undefined && EMERGENCY_CODES.has(code)) return { action: 'emergency', reason: `${code} in ${where}` };
  if (status.EVSEIsolationStatus === 'Fault') return { action: 'emergency', reason: `EVSEIsolationStatus Fault in ${where}` };
  if (status.RCD === true) return { action: 'emergency', reason: `RCD tripped in ${where}` };
  if (code !== undefined && STOP_CODES.has(code)) return { action: 'stop', reason: `${code} in ${where}` };
  if (status.EVSENotification === 'StopCharging') return { action: 'stop', reason: `EVSENotification StopCharging in ${where}` };
  return undefined;
}

/** A response body's element, e.g. `{ ResponseCode, DC_EVSEStatus, … }`, as both protocols' responses are shaped. */
export type ResponseElement = Readonly<Record<string, unknown>>;

/**
 * The EVSE status a response carries: DC_EVSEStatus or AC_EVSEStatus at its top (CableCheck, PreCharge,
 * PowerDelivery, CurrentDemand, WeldingDetection, ChargingStatus, MeteringReceipt) or inside the charge parameters
 * (ChargeParameterDiscovery); undefined for a response without one.
 */
export function evseStatusOf(response: ResponseElement): EvseStatusFields | undefined {
  const holders = [response, response['DC_EVSEChargeParameter'], response['AC_EVSEChargeParameter']];
  for (const holder of holders) {
    if (holder === undefined || holder === null || typeof holder !== 'object') continue;
    const record = holder as ResponseElement;
    const status = record['DC_EVSEStatus'] ?? record['AC_EVSEStatus'];
    if (status !== undefined) return status as EvseStatusFields;
  }
  return undefined;
}

/** The verdict on response `name`'s status; undefined when it carries none or wants nothing. */
export function responseVerdict(name: string, response: ResponseElement): EvseVerdict | undefined {
  const status = evseStatusOf(response);
  return status === undefined ? undefined : evseVerdict(status, name);
}
