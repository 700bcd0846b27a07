/**
 * What the ISO 15118-2 EVCC machine is started with and what it remembers during a session. EIM only
 * (ExternalPayment): Plug & Charge (Contract) comes with the PKI work.
 */
import type { VehicleStatus } from '../../adapters/vehicle.js';
import type {
  chargingSessionType,
  EVSENotificationType,
  MeterInfoType,
  SAScheduleTupleType,
} from '../../codecs/exi/generated/iso2.types.js';
import type { SessionOutcome } from '../session/session-events.js';
import { NO_LIMITS, withPowerCap, type EvseLimits } from '../session/evse-limits.js';
import type { EvseVerdict } from '../session/evse-verdict.js';
import type { EvccSessionInput } from '../session/session-input.js';
import { NO_SESSION_ID } from '../session/session-id.js';
import type { Iso2RequestName } from './iso2-messages.js';
import { scheduleMaxPower } from './schedule.js';

export type AcEnergyTransferMode = 'AC_single_phase_core' | 'AC_three_phase_core';
export type DcEnergyTransferMode = 'DC_core' | 'DC_extended' | 'DC_combo_core' | 'DC_unique';

export interface Iso2EvccOptions extends EvccSessionInput {
  /** MaxEntriesSAScheduleTuple of ChargeParameterDiscoveryReq; absent: the EV takes what the SECC sends. */
  readonly maxEntriesSAScheduleTuple?: number;
  /** PreCharge is done when |EVSEPresentVoltage - battery voltage| is at most this, V (pyPLC uses 20 V). */
  readonly prechargeTolerance: number;
  /**
   * EVTargetCurrent during PreCharge, A. Default 2 A: the cap real EVs and chargers use for charging the DC link
   * capacitance (unverified as a requirement of -2; configurable for that reason).
   */
  readonly prechargeCurrent?: number;
  /** ServiceIDs the EV asks ServiceDetail about, when ServiceDiscoveryRes offers them; absent: none. */
  readonly serviceDetails?: readonly number[];
  /**
   * WeldingDetection repeats until EVSEPresentVoltage is at most this, V. Default 60 V, the DC touch-safe level
   * (unverified: -2 leaves the EV's criterion to the EV).
   */
  readonly weldingDetectionVoltage?: number;
  /** ... or until this many WeldingDetectionReq were sent; -2 sets no bound, so the EV needs one. Default 10. */
  readonly maxWeldingDetectionRequests?: number;
}

/** The energy transfer mode belongs to the mode: a DC mode in an AC session does not compile. */
export type Iso2EvccInput = Iso2EvccOptions &
  (
    | { readonly mode: 'ac'; readonly energyTransferMode: AcEnergyTransferMode }
    | { readonly mode: 'dc'; readonly energyTransferMode: DcEnergyTransferMode }
  );

/** What the EV knows of the EVSE from its last responses. */
export interface EvseView {
  readonly presentVoltage: number;
  readonly presentCurrent: number;
  /** AC: EVSENominalVoltage. */
  readonly nominalVoltage: number;
  /** The EVSE's limits as last announced (DC EVSEMaximum*, AC EVSEMaxCurrent per phase). */
  readonly limits: EvseLimits;
  readonly notification: EVSENotificationType;
  /** What the last response's EVSE status asks of the EV; undefined: nothing. */
  readonly verdict?: EvseVerdict;
  readonly meterInfo?: MeterInfoType;
}

export interface Iso2EvccContext {
  readonly input: Iso2EvccInput;
  readonly vehicle: VehicleStatus;
  readonly sessionId: Uint8Array;
  /** The request awaiting its response; undefined between exchanges. */
  readonly pending?: Iso2RequestName;
  readonly chargeServiceId: number;
  readonly serviceDetailQueue: readonly number[];
  readonly schedule?: SAScheduleTupleType;
  readonly evse: EvseView;
  readonly pauseWanted: boolean;
  readonly renegotiationWanted: boolean;
  /** Between PowerDelivery(Renegotiate) and the next PowerDelivery(Start): DC skips CableCheck and PreCharge. */
  readonly renegotiating: boolean;
  readonly stopKind: chargingSessionType;
  readonly weldingDetectionRequests: number;
  readonly result?: SessionOutcome['result'];
  readonly failure?: string;
  /** Why the charger ended the session, when it did: its status, a FAILED after the charge, or limits the EV cannot charge with. */
  readonly evseEnding?: string;
}

export function initialEvccContext(input: Iso2EvccInput): Iso2EvccContext {
  return {
    input,
    vehicle: input.vehicle,
    sessionId: input.resumeSessionId ?? NO_SESSION_ID,
    chargeServiceId: 1,
    serviceDetailQueue: [],
    evse: { presentVoltage: 0, presentCurrent: 0, nominalVoltage: 0, limits: NO_LIMITS, notification: 'None' },
    pauseWanted: false,
    renegotiationWanted: false,
    renegotiating: false,
    stopKind: 'Terminate',
    weldingDetectionRequests: 0,
  };
}

/** The limits the EV keeps to: the EVSE's last announced, the power no higher than `schedule`'s PMax [V2G2-224]. */
export function limitsInForce(ctx: Iso2EvccContext, schedule: SAScheduleTupleType | undefined = ctx.schedule): EvseLimits {
  return withPowerCap(ctx.evse.limits, scheduleMaxPower(schedule));
}
