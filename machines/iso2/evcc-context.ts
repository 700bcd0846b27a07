/**
 * What the ISO 15118-2 EVCC machine is started with and what it remembers during a session: EIM (ExternalPayment), or
 * Plug & Charge (Contract) where it is given a contract or what installs one. Only public data: the contract's key
 * stays in the EV's contract store, which signs and decrypts outside the machine.
 */
import type { MeterInfoType, paymentOptionType, SAScheduleTupleType } from '../../codecs/exi/generated/iso2.types.js';
import type { X509IssuerSerialType } from '../../codecs/exi/generated/xmldsig.types.js';
import { withPowerCap, type EvseLimits } from '../session/evse-limits.js';
import type { EvccKitContext } from '../session/evcc/evcc-kit-context.js';
import { UNKNOWN_EVSE } from '../session/evcc/evse-view-after.js';
import { NO_PAUSE_OR_RENEGOTIATION, type PauseRenegotiationContext } from '../session/evcc/pause-renegotiation.js';
import type { EvccSessionInput } from '../session/session-input.js';
import { scheduleMaxPower } from './schedule.js';

export type AcEnergyTransferMode = 'AC_single_phase_core' | 'AC_three_phase_core';
export type DcEnergyTransferMode = 'DC_core' | 'DC_extended' | 'DC_combo_core' | 'DC_unique';

export interface Iso2EvccOptions extends EvccSessionInput {
  /** MaxEntriesSAScheduleTuple of ChargeParameterDiscoveryReq; absent: the EV takes what the SECC sends. */
  readonly maxEntriesSAScheduleTuple?: number;
  /** PreCharge is done once |EVSEPresentVoltage - battery voltage| is below this, V (pyPLC uses 20 V). */
  readonly prechargeTolerance: number;
  /**
   * EVTargetCurrent during PreCharge, A. Default 2 A: the cap real EVs and chargers use for charging the DC link
   * capacitance (unverified as a requirement of -2; configurable for that reason).
   */
  readonly prechargeCurrent?: number;
  /** ServiceIDs the EV asks ServiceDetail about, when ServiceDiscoveryRes offers them; absent: none. */
  readonly serviceDetails?: readonly number[];
  /**
   * WeldingDetection repeats until EVSEPresentVoltage is below this, V. Default 60 V, the DC touch-safe level
   * (unverified: -2 leaves the EV's criterion to the EV).
   */
  readonly weldingDetectionVoltage?: number;
  /** ... or until this many WeldingDetectionReq were sent; -2 sets no bound, so the EV needs one. Default 10. */
  readonly maxWeldingDetectionRequests?: number;
  /** Plug & Charge, where the SECC offers Contract; absent: EIM. */
  readonly plugAndCharge?: Iso2EvccPlugAndCharge;
}

/** A contract as the EV presents it: public data. */
export interface Iso2Contract {
  readonly emaid: string;
  /** DER, leaf first (contract leaf, MO Sub-CA 2, MO Sub-CA 1). */
  readonly chain: readonly Uint8Array[];
}

export interface Iso2EvccPlugAndCharge {
  /** The contract the EV holds; absent, one is installed first. */
  readonly contract?: Iso2Contract;
  /** Install a new contract, or update the one held, before presenting it; default: install only when none is held. */
  readonly certificate?: 'install' | 'update';
  /** The OEM provisioning certificate (DER), which CertificateInstallationReq carries and its key signs. */
  readonly oemProvisioningCertificate: Uint8Array;
  /** The V2G roots the EV trusts, named as ListOfRootCertificateIDs names them (1..20). */
  readonly rootCertificateIds: readonly X509IssuerSerialType[];
}

/** The energy transfer mode belongs to the mode: a DC mode in an AC session does not compile. */
export type Iso2EvccInput = Iso2EvccOptions &
  (
    | { readonly mode: 'ac'; readonly energyTransferMode: AcEnergyTransferMode }
    | { readonly mode: 'dc'; readonly energyTransferMode: DcEnergyTransferMode }
  );

/**
 * The EVCC's steps: PowerDelivery appears three times, to start, renegotiate and stop the energy transfer;
 * ContractCertificate is CertificateInstallation or CertificateUpdate, as the EV's Plug & Charge asks.
 */
export type Iso2EvccStep =
  | 'SessionSetup' | 'ServiceDiscovery' | 'ServiceDetail' | 'PaymentServiceSelection' | 'ContractCertificate' | 'PaymentDetails'
  | 'Authorization' | 'ChargeParameterDiscovery'
  | 'CableCheck' | 'PreCharge' | 'PowerDeliveryStart' | 'CurrentDemand' | 'ChargingStatus' | 'MeteringReceipt'
  | 'PowerDeliveryRenegotiate' | 'PowerDeliveryStop' | 'WeldingDetection' | 'SessionStop';

export interface Iso2EvccContext extends EvccKitContext<Iso2EvccStep>, PauseRenegotiationContext {
  readonly input: Iso2EvccInput;
  readonly chargeServiceId: number;
  readonly serviceDetailQueue: readonly number[];
  readonly schedule?: SAScheduleTupleType;
  /** MeterInfo of the last CurrentDemandRes or ChargingStatusRes, what MeteringReceiptReq returns. */
  readonly meterInfo?: MeterInfoType;
  /** What PaymentServiceSelectionReq selects: Contract where the EV has Plug & Charge and the SECC offers it. */
  readonly paymentOption: paymentOptionType;
  /** The contract presented in PaymentDetailsReq: the one held, or the one CertificateInstallation/Update delivered. */
  readonly contract?: Iso2Contract;
  /** PaymentDetailsRes's GenChallenge, which AuthorizationReq returns signed. */
  readonly genChallenge?: Uint8Array;
}

export function initialEvccContext(input: Iso2EvccInput): Iso2EvccContext {
  return {
    input,
    vehicle: input.vehicle,
    sessionId: input.resumeSessionId,
    chargeServiceId: 1,
    serviceDetailQueue: [],
    paymentOption: 'ExternalPayment',
    ...(input.plugAndCharge?.contract === undefined ? {} : { contract: input.plugAndCharge.contract }),
    evse: UNKNOWN_EVSE,
    ...NO_PAUSE_OR_RENEGOTIATION,
  };
}

/** The limits the EV keeps to: the EVSE's last announced, the power no higher than `schedule`'s PMax [V2G2-224]. */
export function limitsInForce(ctx: Iso2EvccContext, schedule: SAScheduleTupleType | undefined = ctx.schedule): EvseLimits {
  return withPowerCap(ctx.evse.limits, scheduleMaxPower(schedule));
}
