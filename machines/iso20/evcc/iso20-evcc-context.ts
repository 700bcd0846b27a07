/**
 * What the ISO 15118-20 EVCC machine is started with and what it remembers during a session: the namespace it speaks
 * (iso20-ac or iso20-dc), the energy transfer service and control mode it wants, what it learnt of the station's
 * services, limits and schedules, its own wishes in the loop, and the energy counted both ways.
 */
import type { Clock } from '../../../base/clock.js';
import type { evseNotificationType } from '../../../codecs/exi/generated/iso20-types.types.js';
import type { EvccKitContext } from '../../session/evcc/evcc-kit-context.js';
import { UNKNOWN_EVSE } from '../../session/evcc/evse-view-after.js';
import type { EvccSessionInput } from '../../session/session-input.js';
import type { Iso20Timing } from '../../timing/v2g-timers.js';
import type { MeterFacts, ModeFacts } from '../iso20-loop-parts.js';
import type { ScheduleTupleFacts } from '../iso20-schedule-exchange.js';
import type { SelectedService } from '../iso20-service-messages.js';
import type { ControlMode, EnergyService, ParameterSetFacts } from '../iso20-services.js';
import { NO_ENERGY, type EnergyCount } from './iso20-evcc-energy.js';
import type { AuthorizationChoice, Iso20EvccPnc } from './iso20-evcc-pnc.js';
import type { SignatureType } from '../../../codecs/exi/generated/xmldsig.types.js';

export interface Iso20EvccOptions extends Omit<EvccSessionInput, 'timing'> {
  readonly timing: Iso20Timing;
  /** Stamps each request's Header TimeStamp: the run's injected clock, never the machine's own reading of the time. */
  readonly clock: Pick<Clock, 'now'>;
  readonly controlMode: ControlMode;
  /**
   * The authorization service the EV wants: PnC falls back to EIM where the station does not offer it or the vehicle
   * has no contract and cannot have one installed (iso20-evcc-pnc.ts).
   */
  readonly authorization: 'EIM' | 'PnC';
  /** The vehicle's contract and OEM provisioning certificates, for PnC. */
  readonly pnc?: Iso20EvccPnc;
  /** EVCCID as sent in SessionSetupReq (identifierType); absent: `evccId` (the MAC) as upper-case hex digits. */
  readonly evccIdentifier?: string;
  /** PreCharge is done once |EVSEPresentVoltage − battery voltage| is below this, V. */
  readonly prechargeTolerance: number;
  /**
   * Value-added ServiceIDs (Internet 65, ParkingStatus 66…) the EV uses when the station offers them: ServiceDetail
   * asked about each, then selected with its first parameter set. Absent: none.
   */
  readonly valueAddedServices?: readonly number[];
  /**
   * What a ScheduleTuple's entries count from: `received`, the moment the EV received the schedule (default: the EV's
   * clock and the station's are not synchronised, and a TimeAnchor read on the wrong clock would shift every entry);
   * `timeAnchor`, the schedule's own TimeAnchor read on the run's clock, for stations whose clock the EV's follows
   * (decided without the standard's text).
   */
  readonly scheduleTimeBase?: 'received' | 'timeAnchor';
  /** MaximumSupportingPoints of ScheduleExchangeReq (12..1024). Default 1024. */
  readonly maximumSupportingPoints?: number;
  /**
   * Dynamic control's DepartureTime when the vehicle states none, s: the XSD requires one there (decided without the
   * standard's text: 12 h, a night's stay). Default 43 200.
   */
  readonly defaultDepartureTime?: number;
  /**
   * Where a paused session goes on once the station joined it (OK_OldSessionJoined): `AuthorizationSetup`, the whole
   * way again as Josev's SECC expects (default), or `ChargeParameterDiscovery` with the service selected before the
   * pause, as EVerest's libiso15118 SECC expects. The stacks disagree and the standard's text is not public: decided
   * here, configurable.
   */
  readonly resumeAt?: 'AuthorizationSetup' | 'ChargeParameterDiscovery';
  /** MeterInfoRequested in every charge loop request. Default false: the SECC then sends MeterInfo when it wants to. */
  readonly meterInfoRequested?: boolean;
  /** See Iso2EvccOptions: WeldingDetection ends below this voltage (default 60 V) or after this many requests (default 10). */
  readonly weldingDetectionVoltage?: number;
  readonly maxWeldingDetectionRequests?: number;
}

/** The namespace goes with the service: a DC service in an AC session does not compile. */
export type Iso20EvccInput = Iso20EvccOptions &
  (
    | { readonly protocol: 'iso20-dc'; readonly service: Extract<EnergyService, 'DC' | 'DC_BPT'> }
    | { readonly protocol: 'iso20-ac'; readonly service: Extract<EnergyService, 'AC' | 'AC_BPT'> }
  );

/** The EVCC's steps; PowerDelivery appears four times, one per ChargeProgress. */
export type Iso20EvccStep =
  | 'SessionSetup' | 'AuthorizationSetup' | 'Authorization' | 'ServiceDiscovery' | 'ServiceDetail' | 'ServiceSelection'
  | 'ChargeParameterDiscovery' | 'ScheduleExchange' | 'CableCheck' | 'PreCharge' | 'PowerDeliveryStart' | 'ChargeLoop'
  | 'MeteringConfirmation' | 'PowerDeliveryStandby' | 'PowerDeliveryScheduleRenegotiation' | 'PowerDeliveryStop'
  | 'WeldingDetection' | 'SessionStop';

/** How SessionStopReq ends the session: its ChargingSession. */
export type StopKind = 'Terminate' | 'Pause' | 'ServiceRenegotiation';

/** The EV's wishes in the loop, from the driver or its energy manager, acted on between two loop requests. */
export interface Iso20Wishes {
  readonly pause: boolean;
  readonly scheduleRenegotiation: boolean;
  readonly serviceRenegotiation: boolean;
  readonly standby: boolean;
}

export const NO_WISHES: Iso20Wishes = { pause: false, scheduleRenegotiation: false, serviceRenegotiation: false, standby: false };

export interface Iso20EvccContext extends EvccKitContext<Iso20EvccStep> {
  readonly input: Iso20EvccInput;
  /** How the EV authorizes, chosen on AuthorizationSetupRes. */
  readonly authorizationChoice?: AuthorizationChoice;
  /** PnC without a contract: the Authorization step sends CertificateInstallationReq until one is installed. */
  readonly installing: boolean;
  /** PnC: the station's GenChallenge of this session. */
  readonly genChallenge?: Uint8Array;
  /** PnC: the contract chain the EV signs with, installed before the session or during it. */
  readonly contractChain?: readonly Uint8Array[];
  /** The runner's Signature for the request of the present step (CertificateInstallationReq, AuthorizationReq PnC). */
  readonly signature?: SignatureType;
  /** ServiceIDs still to ask ServiceDetail about, the energy service first. */
  readonly serviceDetailQueue: readonly number[];
  readonly serviceRenegotiationSupported: boolean;
  /** The parameter set of the energy service selected (ServiceDetailRes). */
  readonly parameterSet?: ParameterSetFacts;
  /** The value-added services to select, each with the parameter set picked from its ServiceDetailRes. */
  readonly selectedValueAddedServices: readonly SelectedService[];
  /** The EVSE's limits of ChargeParameterDiscoveryRes, by the -20 names without prefix (MaximumChargePower…). */
  readonly evseLimits: Readonly<Record<string, number>>;
  /** Scheduled: the ScheduleTuple the EV picked. */
  readonly schedule?: ScheduleTupleFacts;
  /** When the schedule's entries count from, ms on the run's clock (Iso20EvccOptions.scheduleTimeBase). */
  readonly scheduleAnchorMs?: number;
  /** The control element of the last loop response: the SECC's targets (Dynamic) and limits. */
  readonly loopControl?: ModeFacts;
  /**
   * The last EVSENotification not yet acted on, and the response it came in: one in PowerDeliveryRes is acted on in
   * the loop that follows, whose responses may carry none.
   */
  readonly notification?: { readonly notification: evseNotificationType; readonly in: string };
  readonly meter?: MeterFacts;
  readonly meteringConfirmations: number;
  readonly wishes: Iso20Wishes;
  /** In Standby: the loop goes on at zero power until ExitStandby or the EV's own wish. */
  readonly standby: boolean;
  /** Between PowerDelivery(ScheduleRenegotiation) and the next PowerDelivery(Start). */
  readonly renegotiating: boolean;
  readonly stopKind: StopKind;
  readonly energy: EnergyCount;
}

export function initialIso20EvccContext(input: Iso20EvccInput): Iso20EvccContext {
  return {
    input,
    vehicle: input.vehicle,
    sessionId: input.resumeSessionId,
    ...(input.pnc?.contractChain === undefined ? {} : { contractChain: input.pnc.contractChain }),
    evse: UNKNOWN_EVSE,
    installing: false,
    serviceDetailQueue: [],
    selectedValueAddedServices: [],
    serviceRenegotiationSupported: false,
    evseLimits: {},
    meteringConfirmations: 0,
    wishes: NO_WISHES,
    standby: false,
    renegotiating: false,
    stopKind: 'Terminate',
    energy: NO_ENERGY,
  };
}
