/**
 * What the DIN SPEC 70121 SECC answers, one pure handler per request it accepts (DC, EIM): from the request, the
 * session's facts and the power module's EvseStatus that came with it, to the response, the facts it leaves, the power
 * commands it asks for and, where the chart branches on it, the route (din-secc.ts); and the minimal FAILED answer of
 * any request's type.
 */
import type { PowerCommand } from '../session/secc/evse-snapshot.js';
import type {
  BodyType, ChargeParameterDiscoveryReqType, DC_EVSEStatusType, EVRequestedEnergyTransferType, responseCodeType,
  SAScheduleListType, ServiceChargeType, ServicePaymentSelectionReqType,
} from '../../codecs/exi/generated/din.types.js';
import { dcGrant } from '../session/evse-limits.js';
import { fromPhysicalValue, toPhysicalValue } from '../session/physical-value.js';
import { answerWith, type SeccAnswer } from '../session/secc/secc-answer.js';
import type { SeccFacts } from '../session/secc/secc-message-adapter.js';
import { eimAuthorization, eimAuthorizationQuestion } from '../session/secc/secc-pending.js';
import type { DinSeccInput } from './din-input.js';
import { dinEvseId } from './evse-id.js';
import { responseNameOf, type DinRequestName, type DinResponseName, type ResponseName } from './din-messages.js';
import { dcEvseStatus } from './status.js';

/** What the DIN SECC remembers of its session besides what the kit keeps. */
export interface DinSeccFacts {
  /** EVSEID as sent (see evse-id.ts). */
  readonly evseId: Uint8Array;
  /** EVMaximumVoltageLimit from ChargeParameterDiscoveryReq: the isolation test voltage must not exceed it. */
  readonly evMaximumVoltage?: number;
  /** The output contactors are closed (PowerDelivery ReadyToChargeState=true until =false). */
  readonly contactorsClosed: boolean;
}

export function initialDinFacts(input: DinSeccInput): DinSeccFacts {
  return { evseId: dinEvseId(input.evseId), contactorsClosed: false };
}

export type SeccResponseContext = SeccFacts<DinSeccInput, DinSeccFacts>;
type Answer = SeccAnswer<DinSeccFacts>;

/** The requests some state of the SECC accepts; the others only ever get a minimal FAILED answer. */
export type SeccRequestName =
  | 'SessionSetupReq' | 'ServiceDiscoveryReq' | 'ServicePaymentSelectionReq' | 'ContractAuthenticationReq'
  | 'ChargeParameterDiscoveryReq' | 'CableCheckReq' | 'PreChargeReq' | 'PowerDeliveryReq' | 'CurrentDemandReq'
  | 'WeldingDetectionReq' | 'SessionStopReq';

type Handler<R extends DinRequestName> = (request: NonNullable<BodyType[R]>, c: SeccResponseContext) => Answer;

/** The one service DIN has, the ChargeService; 1 as EVerest and Josev number it. */
export const CHARGE_SERVICE_ID = 1;

/** Every DC transfer type; an EV asking AC of a DC charger gets FAILED_WrongEnergyTransferType. */
const DC_TRANSFER_TYPES: ReadonlySet<EVRequestedEnergyTransferType> = new Set(['DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique']);

/** PMaxType is a bare short whose unit DIN chargers disagree on; EVerest sends watts clamped to it (unverified). */
const PMAX_LIMIT = 32767;

/** The output off and open, after PowerDelivery(ReadyToChargeState=false). */
const STOP_AND_OPEN: readonly PowerCommand[] = [{ type: 'stop' }, { type: 'contactors', closed: false }];

function status(c: SeccResponseContext): DC_EVSEStatusType {
  return dcEvseStatus(c.evse, c.input.notificationMaxDelay);
}

function chargeService(c: SeccResponseContext): ServiceChargeType {
  return {
    ServiceTag: { ServiceID: CHARGE_SERVICE_ID, ServiceCategory: 'EVCharging' },
    FreeService: c.input.freeService,
    EnergyTransferType: c.input.energyTransferType,
  };
}

function paymentSelectionCode(req: ServicePaymentSelectionReqType): responseCodeType {
  if (req.SelectedPaymentOption !== 'ExternalPayment') return 'FAILED_PaymentSelectionInvalid';
  const selected = req.SelectedServiceList.SelectedService.some((s) => s.ServiceID === CHARGE_SERVICE_ID);
  return selected ? 'OK' : 'FAILED_ServiceSelectionInvalid';
}

function chargeParameterCode(req: ChargeParameterDiscoveryReqType): responseCodeType {
  if (!DC_TRANSFER_TYPES.has(req.EVRequestedEnergyTransferType)) return 'FAILED_WrongEnergyTransferType';
  return req.DC_EVChargeParameter === undefined ? 'FAILED_WrongChargeParameter' : 'OK';
}

/** One PMaxSchedule of the EVSE's maximum power for a day: DIN's mandatory SASchedules without tariffs. */
function saScheduleList(maxPower: number): SAScheduleListType {
  const entry = { RelativeTimeInterval: { start: 0, duration: 86_400 }, PMax: Math.max(0, Math.min(PMAX_LIMIT, Math.round(maxPower))) };
  return { SAScheduleTuple: [{ SAScheduleTupleID: 1, PMaxSchedule: { PMaxScheduleID: 1, PMaxScheduleEntry: [entry] } }] };
}

/** Isolation known (Valid, Warning, Fault or No_IMD) and no test running: CableCheck is Finished. */
function isolationCheckDone(c: SeccResponseContext): boolean {
  return !c.evse.isolationCheckRunning && c.evse.isolation !== 'Invalid';
}

/** The insulation test, when none ran yet, at the lower of both maximum voltages: never beyond the EV's limit. */
function isolationCheckToStart(c: SeccResponseContext): readonly PowerCommand[] {
  if (c.evse.isolationCheckRunning || c.evse.isolation !== 'Invalid') return [];
  return [{ type: 'isolationCheck', voltage: Math.min(c.evMaximumVoltage ?? c.evse.maxVoltage, c.evse.maxVoltage) }];
}

/** The answer whose body is response `name` with `element`. */
function respond<K extends DinResponseName>(name: K, element: NonNullable<BodyType[K]>, more: Omit<Answer, 'code' | 'body'> = {}): Answer {
  return answerWith(name, element as { ResponseCode: responseCodeType }, more);
}

const HANDLERS: { readonly [R in SeccRequestName]: Handler<R> } = {
  SessionSetupReq: (_, c) => respond('SessionSetupRes', { ResponseCode: 'OK_NewSessionEstablished', EVSEID: c.evseId }, { sessionId: c.input.newSessionId }),
  ServiceDiscoveryReq: (_, c) =>
    respond('ServiceDiscoveryRes', { ResponseCode: 'OK', PaymentOptions: { PaymentOption: ['ExternalPayment'] }, ChargeService: chargeService(c) }),
  // EIM chosen: its authorization is asked for at once, so a backend decides while the EV goes on.
  ServicePaymentSelectionReq: (req, c) => {
    const code = paymentSelectionCode(req);
    return respond('ServicePaymentSelectionRes', { ResponseCode: code }, code === 'OK' ? { ask: eimAuthorizationQuestion(c) } : {});
  },
  // EIM: Finished once the EVSE saw the identification (RFID, app, button) or its backend accepted, Ongoing until
  // then [V2G-DC-497]; refused: FAILED.
  ContractAuthenticationReq: (_, c) => {
    const authorization = eimAuthorization(c);
    const processing = authorization === 'pending' ? 'Ongoing' : 'Finished';
    return respond('ContractAuthenticationRes', { ResponseCode: authorization === 'refused' ? 'FAILED' : 'OK', EVSEProcessing: processing }, { processing });
  },
  // No energy: the answer carries EVSENotification=StopCharging and only SessionStopReq may follow, as EVerest's
  // no-energy pause (IEC 61851-23:2023 CC.5.3.2); otherwise the cable check [V2G-DC-453].
  ChargeParameterDiscoveryReq: (req, c) => {
    const code = chargeParameterCode(req);
    const limit = req.DC_EVChargeParameter?.EVMaximumVoltageLimit;
    return respond(
      'ChargeParameterDiscoveryRes',
      {
        ResponseCode: code,
        EVSEProcessing: 'Finished',
        SAScheduleList: saScheduleList(c.evse.maxPower),
        DC_EVSEChargeParameter: {
          DC_EVSEStatus: status(c),
          EVSEMaximumCurrentLimit: toPhysicalValue(c.evse.maxCurrent, 'A'),
          EVSEMaximumPowerLimit: toPhysicalValue(c.evse.maxPower, 'W'),
          EVSEMaximumVoltageLimit: toPhysicalValue(c.evse.maxVoltage, 'V'),
          EVSEMinimumCurrentLimit: toPhysicalValue(c.evse.minCurrent, 'A'),
          EVSEMinimumVoltageLimit: toPhysicalValue(c.evse.minVoltage, 'V'),
          EVSEPeakCurrentRipple: toPhysicalValue(c.input.peakCurrentRipple, 'A'),
        },
      },
      {
        route: c.evse.notification === 'StopCharging' ? 'noEnergy' : 'cableCheck',
        ...(limit === undefined ? {} : { update: { evMaximumVoltage: fromPhysicalValue(limit) } }),
      },
    );
  },
  CableCheckReq: (_, c) => {
    const processing = isolationCheckDone(c) ? 'Finished' : 'Ongoing';
    return respond('CableCheckRes', { ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEProcessing: processing }, { processing, commands: isolationCheckToStart(c) });
  },
  PreChargeReq: (req, c) => {
    const { voltage, current } = dcGrant(req, c.evse);
    return respond(
      'PreChargeRes',
      { ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V') },
      { commands: [{ type: 'precharge', voltage, current }] },
    );
  },
  PowerDeliveryReq: (req, c) => {
    const element = { ResponseCode: 'OK', DC_EVSEStatus: status(c) } as const;
    if (!req.ReadyToChargeState) return respond('PowerDeliveryRes', element, { route: 'Stop', update: { contactorsClosed: false }, commands: STOP_AND_OPEN });
    if (c.contactorsClosed) return respond('PowerDeliveryRes', element, { route: 'Start' });
    return respond('PowerDeliveryRes', element, { route: 'Start', update: { contactorsClosed: true }, commands: [{ type: 'contactors', closed: true }] });
  },
  CurrentDemandReq: (req, c) => {
    const grant = dcGrant(req, c.evse);
    return respond(
      'CurrentDemandRes',
      {
        ResponseCode: 'OK',
        DC_EVSEStatus: status(c),
        EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V'),
        EVSEPresentCurrent: toPhysicalValue(c.evse.presentCurrent, 'A'),
        EVSECurrentLimitAchieved: grant.currentLimitAchieved,
        EVSEVoltageLimitAchieved: grant.voltageLimitAchieved,
        EVSEPowerLimitAchieved: grant.powerLimitAchieved,
        EVSEMaximumVoltageLimit: toPhysicalValue(c.evse.maxVoltage, 'V'),
        EVSEMaximumCurrentLimit: toPhysicalValue(c.evse.maxCurrent, 'A'),
        EVSEMaximumPowerLimit: toPhysicalValue(c.evse.maxPower, 'W'),
      },
      { commands: [{ type: 'deliver', voltage: grant.voltage, current: grant.current }] },
    );
  },
  WeldingDetectionReq: (_, c) =>
    respond('WeldingDetectionRes', { ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V') }),
  SessionStopReq: () => respond('SessionStopRes', { ResponseCode: 'OK' }, { commands: [{ type: 'stop' }] }),
};

/** The answer to a request the SECC accepts somewhere; undefined for any other. */
export function seccAnswer(type: string, request: object, c: SeccResponseContext): Answer | undefined {
  if (!Object.prototype.hasOwnProperty.call(HANDLERS, type)) return undefined;
  // One handler per name: the name read from the Body picks the handler of its own type.
  return (HANDLERS[type as SeccRequestName] as Handler<SeccRequestName>)(request as never, c);
}

/** The mandatory part of DC_EVSEStatus: EVG leaves EVSEIsolationStatus out of FAILED answers. */
function minimalStatus(c: SeccResponseContext): DC_EVSEStatusType {
  const { EVSEStatusCode, NotificationMaxDelay, EVSENotification } = status(c);
  return { EVSEStatusCode, NotificationMaxDelay, EVSENotification };
}

type Minimal<R extends DinRequestName> = (code: responseCodeType, c: SeccResponseContext) => NonNullable<BodyType[ResponseName<R>]>;

const NO_BYTES = new Uint8Array(0);
/** CertificateInstallationRes/UpdateRes carry a mandatory xs:ID attribute; any NCName will do in a FAILED answer. */
const MINIMAL_ID = 'id1';

function minimalCertificateInstallation(code: responseCodeType): NonNullable<BodyType['CertificateInstallationRes']> {
  return {
    '@Id': MINIMAL_ID,
    ResponseCode: code,
    ContractSignatureCertChain: { Certificate: NO_BYTES },
    ContractSignatureEncryptedPrivateKey: NO_BYTES,
    DHParams: NO_BYTES,
    ContractID: '',
  };
}

const MINIMAL: { readonly [R in DinRequestName]: Minimal<R> } = {
  SessionSetupReq: (code, c) => ({ ResponseCode: code, EVSEID: c.evseId }),
  ServiceDiscoveryReq: (code, c) => ({ ResponseCode: code, PaymentOptions: { PaymentOption: ['ExternalPayment'] }, ChargeService: chargeService(c) }),
  ServiceDetailReq: (code) => ({ ResponseCode: code, ServiceID: CHARGE_SERVICE_ID }),
  ServicePaymentSelectionReq: (code) => ({ ResponseCode: code }),
  PaymentDetailsReq: (code) => ({ ResponseCode: code, GenChallenge: '', DateTimeNow: 0n }),
  ContractAuthenticationReq: (code) => ({ ResponseCode: code, EVSEProcessing: 'Finished' }),
  ChargeParameterDiscoveryReq: (code, c) => ({
    ResponseCode: code,
    EVSEProcessing: 'Finished',
    SAScheduleList: saScheduleList(0),
    DC_EVSEChargeParameter: {
      DC_EVSEStatus: minimalStatus(c),
      EVSEMaximumCurrentLimit: toPhysicalValue(0, 'A'),
      EVSEMaximumVoltageLimit: toPhysicalValue(0, 'V'),
      EVSEMinimumCurrentLimit: toPhysicalValue(0, 'A'),
      EVSEMinimumVoltageLimit: toPhysicalValue(0, 'V'),
      EVSEPeakCurrentRipple: toPhysicalValue(0, 'A'),
    },
  }),
  PowerDeliveryReq: (code, c) => ({ ResponseCode: code, DC_EVSEStatus: minimalStatus(c) }),
  ChargingStatusReq: (code, c) => ({
    ResponseCode: code,
    EVSEID: c.evseId,
    SAScheduleTupleID: 1,
    ReceiptRequired: false,
    AC_EVSEStatus: { PowerSwitchClosed: false, RCD: false, NotificationMaxDelay: 0, EVSENotification: 'None' },
  }),
  MeteringReceiptReq: (code) => ({
    ResponseCode: code,
    AC_EVSEStatus: { PowerSwitchClosed: false, RCD: false, NotificationMaxDelay: 0, EVSENotification: 'None' },
  }),
  SessionStopReq: (code) => ({ ResponseCode: code }),
  // CertificateUpdateRes is CertificateInstallationRes with a RetryCounter.
  CertificateUpdateReq: (code) => ({ ...minimalCertificateInstallation(code), RetryCounter: 0 }),
  CertificateInstallationReq: minimalCertificateInstallation,
  CableCheckReq: (code, c) => ({ ResponseCode: code, DC_EVSEStatus: minimalStatus(c), EVSEProcessing: 'Finished' }),
  PreChargeReq: (code, c) => ({ ResponseCode: code, DC_EVSEStatus: minimalStatus(c), EVSEPresentVoltage: toPhysicalValue(0, 'V') }),
  CurrentDemandReq: (code, c) => ({
    ResponseCode: code,
    DC_EVSEStatus: minimalStatus(c),
    EVSEPresentVoltage: toPhysicalValue(0, 'V'),
    EVSEPresentCurrent: toPhysicalValue(0, 'A'),
    EVSECurrentLimitAchieved: false,
    EVSEVoltageLimitAchieved: false,
    EVSEPowerLimitAchieved: false,
  }),
  WeldingDetectionReq: (code, c) => ({ ResponseCode: code, DC_EVSEStatus: minimalStatus(c), EVSEPresentVoltage: toPhysicalValue(0, 'V') }),
};

/**
 * The body answering a refused request: the response type matching it, `code`, and only the mandatory fields
 * [V2G2-538] [V2G2-736] (their DIN equivalents); DIN's mandatory substitution groups take their DC member.
 */
export function failedBody(request: DinRequestName, code: responseCodeType, c: SeccResponseContext): BodyType {
  return { [responseNameOf(request)]: (MINIMAL[request] as Minimal<DinRequestName>)(code, c) };
}
