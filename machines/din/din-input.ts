/**
 * What the DIN SPEC 70121 session machines are started with beyond every protocol's session input: the EV's and the
 * EVSE's choices that DIN leaves open. The `*_DEFAULTS` objects hold the values used unless a deployment says
 * otherwise, so a runner writes `{ ...DIN_EVCC_DEFAULTS, timing, evccId, vehicle, loopInterval }`.
 */
import type { EVRequestedEnergyTransferType, EVSESupportedEnergyTransferType } from '../../codecs/exi/generated/din.types.js';
import type { EvccSessionInput, SeccSessionInput } from '../session/session-input.js';

/** The EV requests DC_extended or DC_core only [V2G-DC-625]. */
export type DinEvEnergyTransferType = Extract<EVRequestedEnergyTransferType, 'DC_core' | 'DC_extended'>;

export interface DinEvccSettings {
  /** EVRequestedEnergyTransferType of ChargeParameterDiscoveryReq. */
  readonly energyTransferType: DinEvEnergyTransferType;
  /** PreCharge is done once |EVSEPresentVoltage − battery voltage| is below this, V (PYPLC uses 20 V). */
  readonly prechargeTolerance: number;
  /** EVTargetCurrent of PreChargeReq, A (IEC 61851-23 lets the EVSE precharge with at most 2 A). */
  readonly prechargeCurrent: number;
  /** WeldingDetection is done once EVSEPresentVoltage is below this, V ... */
  readonly weldingDetectionVoltage: number;
  /** ... or after this many WeldingDetectionReq, so a charger that never discharges cannot hold the EV. */
  readonly weldingDetectionMaxRequests: number;
}

export interface DinEvccInput extends EvccSessionInput, DinEvccSettings {}

/**
 * DC_extended is what CCS vehicles request on DIN (PYPLC); 20 V for both voltage checks follows PYPLC. The welding
 * bound of 10 requests is this project's choice (unverified: the sources give no count).
 */
export const DIN_EVCC_DEFAULTS: DinEvccSettings = {
  energyTransferType: 'DC_extended',
  prechargeTolerance: 20,
  prechargeCurrent: 2,
  weldingDetectionVoltage: 20,
  weldingDetectionMaxRequests: 10,
};

export interface DinSeccSettings {
  /** EnergyTransferType of the ChargeService offered in ServiceDiscoveryRes. */
  readonly energyTransferType: EVSESupportedEnergyTransferType;
  /** FreeService of that ChargeService. */
  readonly freeService: boolean;
  /** NotificationMaxDelay sent with every DC_EVSEStatus, s: how long the EV may take to react to EVSENotification. */
  readonly notificationMaxDelay: number;
  /** EVSEPeakCurrentRipple of ChargeParameterDiscoveryRes (mandatory in DIN, not measured by the power module), A. */
  readonly peakCurrentRipple: number;
}

/** `evseId` (the text, e.g. `49*89*6360`) goes on the wire as DIN's hexBinary EVSEID through `dinEvseId`. */
export interface DinSeccInput extends SeccSessionInput, DinSeccSettings {}

export const DIN_SECC_DEFAULTS: DinSeccSettings = {
  energyTransferType: 'DC_extended',
  freeService: false,
  notificationMaxDelay: 0,
  peakCurrentRipple: 1,
};
