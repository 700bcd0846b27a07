/**
 * What the ISO 15118-20 SECC machine is started with and what it remembers of a session beside what the SECC kit keeps
 * (SessionID, timers, outcome, the questions asked outside). One machine serves the `iso20-ac` and `iso20-dc`
 * namespaces: the handshake's choice says which of the offered energy services this connection lists.
 */
import type { SeccFacts } from '../../session/secc/secc-message-adapter.js';
import type { EnergyPlan } from '../../session/secc/secc-pending.js';
import type { SeccSessionInput } from '../../session/session-input.js';
import type { Iso20Timing } from '../../timing/v2g-timers.js';
import type {
  AcConnector,
  BptChannel,
  ControlMode,
  DcConnector,
  EnergyService,
  GeneratorMode,
  IslandingDetectionMethod,
  ParameterSetFacts,
  Pricing,
} from '../iso20-services.js';
import type { SessionNotificationKind } from '../../session/secc/evse-snapshot.js';
import type { Iso20PncOffer } from './iso20-pnc-offer.js';

/** A value-added service's parameter sets (Internet, ParkingStatus), listed in ServiceDiscoveryRes. */
export type OfferedVas = Extract<ParameterSetFacts, { readonly service: 'Internet' | 'ParkingStatus' }>;

export interface Iso20SeccInput extends Omit<SeccSessionInput, 'timing'> {
  readonly timing: Iso20Timing;
  /** The namespace the supportedAppProtocol handshake chose: its energy messages' schema. */
  readonly protocol: 'iso20-ac' | 'iso20-dc';
  /** The energy services the station offers; this connection lists those of `protocol` (AC, AC_BPT or DC, DC_BPT). */
  readonly services: readonly EnergyService[];
  /** The control modes offered per service, each a parameter set (ParameterSetID 1 Scheduled, 2 Dynamic); default both. */
  readonly controlModes?: readonly ControlMode[];
  /** Value-added services with their parameter sets; none: VASList is left out. */
  readonly valueAddedServices?: readonly OfferedVas[];
  readonly dcConnector?: DcConnector;
  readonly acConnector?: AcConnector;
  /** What the schedules' prices are (Pricing parameter); default NoPricing. */
  readonly pricing?: Pricing;
  readonly bptChannel?: BptChannel;
  readonly generatorMode?: GeneratorMode;
  readonly islandingDetection?: IslandingDetectionMethod;
  /** EVSENominalFrequency, Hz (AC); default 50. */
  readonly nominalFrequency?: number;
  /** ServiceRenegotiationSupported; default true. */
  readonly serviceRenegotiationSupported?: boolean;
  /** SessionStop(Pause) after charging is accepted (FAILED_PauseNotAllowed otherwise); default true. */
  readonly pauseAllowed?: boolean;
  /** PowerDelivery(Standby) is accepted (WARNING_StandbyNotAllowed otherwise); default true. */
  readonly standbyAllowed?: boolean;
  /** The most current while precharging, A (DC_PreChargeReq names none); default 2. */
  readonly prechargeCurrentA?: number;
  /** AckMaxDelay of the Dynamic loop's responses, s: how long the EV has to follow a new target; default 30. */
  readonly ackMaxDelayS?: number;
  /** Plug & Charge, offered beside EIM: given by the runner only over TLS and with contract checks configured. */
  readonly pnc?: Iso20PncOffer;
}

/** The energy service the EV selected, with the parameter set (and so the control mode) it chose. */
export interface Selection {
  readonly service: EnergyService;
  readonly parameterSetId: number;
  readonly control: ControlMode;
}

/** What the -20 SECC remembers of its session. */
export interface Iso20SeccFacts {
  readonly selection?: Selection;
  /** EVMaximumVoltage from ChargeParameterDiscoveryReq: the isolation test does not go above it. */
  readonly evMaxVoltage?: number;
  readonly isolationCheckStarted: boolean;
  /** The energy manager's plan of the last finished ScheduleExchange. */
  readonly plan?: EnergyPlan;
  /** Scheduled: the ScheduleTuple the EV picked in PowerDelivery(Start). */
  readonly scheduleTupleId?: number;
  /** BPT_ChannelSelection of the last PowerDelivery(Start): the direction the EV asked for. */
  readonly channel: 'Charge' | 'Discharge';
  /** Between PowerDelivery(Standby) and PowerDelivery(Start): no energy flows, the loop goes on. */
  readonly standby: boolean;
  /** Between PowerDelivery(ScheduleRenegotiation) and the next PowerDelivery(Start). */
  readonly renegotiating: boolean;
  /** A renegotiation's plan was asked for (the kit asks a kind once unless told to ask again). */
  readonly replanned: boolean;
  /** The notification the EV has acted on: not shown again while the EVSE still reports it. */
  readonly actedOn?: SessionNotificationKind;
}

export type Iso20AnswerContext = SeccFacts<Iso20SeccInput, Iso20SeccFacts>;

export function initialIso20Facts(): Iso20SeccFacts {
  return { isolationCheckStarted: false, channel: 'Charge', standby: false, renegotiating: false, replanned: false };
}
