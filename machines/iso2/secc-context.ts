/**
 * What the ISO 15118-2 SECC machine is started with and what it remembers of a session: EIM, and Plug & Charge where
 * the deployment gives what contracts are checked with (`contracts`) and the session runs over TLS.
 */
import type { EnergyTransferModeType, ParameterSetType, paymentOptionType, ServiceType } from '../../codecs/exi/generated/iso2.types.js';
import type { SeccSessionInput } from '../session/session-input.js';
import type { SeccFacts } from '../session/secc/secc-message-adapter.js';

/** A value-added service listed in ServiceDiscoveryRes, with the parameter sets ServiceDetailRes describes. */
export interface Iso2OfferedService {
  readonly service: ServiceType;
  readonly parameterSets?: readonly ParameterSetType[];
}

export interface Iso2SeccInput extends SeccSessionInput {
  /** SupportedEnergyTransferMode of the ChargeService (1..6). */
  readonly energyTransferModes: readonly EnergyTransferModeType[];
  /** Payment options to offer; default ExternalPayment. Contract is dropped on a connection without TLS. */
  readonly paymentOptions?: readonly paymentOptionType[];
  /** The session runs over TLS (what lets Contract be offered). */
  readonly tls?: boolean;
  /** Value-added services (ServiceList, at most 8); the ChargeService (ServiceID 1) is always offered. */
  readonly services?: readonly Iso2OfferedService[];
  /** EVSEPeakCurrentRipple, A: the power module does not report it, so the deployment says it; default 0. */
  readonly peakCurrentRipple?: number;
  /** Plug & Charge: without it Contract is never offered. */
  readonly contracts?: Iso2ContractCheck;
}

/** What the SECC checks a contract with; the runner chooses the random and the time, so the machine stays pure. */
export interface Iso2ContractCheck {
  /** DER of the MO root certificates a contract chain must end at. */
  readonly moRoots: readonly Uint8Array[];
  /** This session's fresh GenChallenge, 16 random bytes: AuthorizationReq must return it, signed. */
  readonly genChallenge: Uint8Array;
  /** Wall-clock time of the session's start: what certificates' validity is checked at and EVSETimeStamp tells. */
  readonly now: Date;
}

/** The contract PaymentDetailsReq presented and the SECC accepted: public data only (the EV keeps its key). */
export interface Iso2AcceptedContract {
  readonly emaid: string;
  /** DER, leaf first. */
  readonly chain: readonly Uint8Array[];
}

/** What the ISO 15118-2 SECC remembers of its session besides what the kit keeps (SessionID, timers, outcome). */
export interface Iso2SeccFacts {
  /** From ChargeParameterDiscoveryReq's RequestedEnergyTransferMode; before it, what the SECC supports first. */
  readonly mode: 'ac' | 'dc';
  readonly energyTransferMode?: EnergyTransferModeType;
  /** EVMaximumVoltageLimit (DC) or EVMaxVoltage (AC), from ChargeParameterDiscoveryReq: the isolation test does not go above it. */
  readonly evMaxVoltage?: number;
  readonly isolationCheckStarted: boolean;
  /** Between PowerDelivery(Renegotiate) and PowerDelivery(Start): DC does not check the cable again. */
  readonly renegotiating: boolean;
  /**
   * The EV has renegotiated on the EVSE's present ReNegotiation: it is not repeated until the power module's
   * notification goes back to None and asks again (the module keeps reporting it; the EV must act on it once).
   */
  readonly renegotiationAnswered: boolean;
  /** Plug & Charge: the contract of PaymentDetailsReq, which signs AuthorizationReq and MeteringReceiptReq. */
  readonly contract?: Iso2AcceptedContract;
  /** Plug & Charge: a charge loop response asked for MeteringReceiptReq (ReceiptRequired, once), and whether it came. */
  readonly receipt?: 'asked' | 'received';
}

/** What an ISO 15118-2 handler reads: the facts, the input, the SessionID once given and the power module's status. */
export type Iso2AnswerContext = SeccFacts<Iso2SeccInput, Iso2SeccFacts>;

export function initialIso2Facts(input: Iso2SeccInput): Iso2SeccFacts {
  return {
    mode: input.energyTransferModes[0]?.startsWith('AC') ? 'ac' : 'dc',
    isolationCheckStarted: false,
    renegotiating: false,
    renegotiationAnswered: false,
  };
}
