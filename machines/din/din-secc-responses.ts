/**
 * The SECC's answers: one handler per request it accepts, from the request and the power module's latest EvseStatus,
 * and the minimal FAILED answer of any request's type for the requests it refuses.
 */
import type { EvseStatus } from '../../adapters/evse.js';
import type {
  BodyType, ChargeParameterDiscoveryReqType, DC_EVSEStatusType, EVRequestedEnergyTransferType, responseCodeType,
  SAScheduleListType, ServiceChargeType, ServicePaymentSelectionReqType,
} from '../../codecs/exi/generated/din.types.js';
import { dcGrant } from '../session/evse-limits.js';
import { toPhysicalValue } from '../session/physical-value.js';
import { screenRequest } from '../session/out-of-range.js';
import type { DinSeccSettings } from './din-input.js';
import { bodyName, responseNameOf, type DinMessage, type DinRequestName, type DinResponseName, type ResponseName } from './din-messages.js';
import { dcEvseStatus } from './status.js';

export interface SeccResponseContext {
  readonly settings: DinSeccSettings;
  /** EVSEID as sent (see evse-id.ts). */
  readonly evseId: Uint8Array;
  readonly evse: EvseStatus;
}

/** The requests some state of the SECC accepts; the others only ever get a minimal FAILED answer. */
export type SeccRequestName =
  | 'SessionSetupReq' | 'ServiceDiscoveryReq' | 'ServicePaymentSelectionReq' | 'ContractAuthenticationReq'
  | 'ChargeParameterDiscoveryReq' | 'CableCheckReq' | 'PreChargeReq' | 'PowerDeliveryReq' | 'CurrentDemandReq'
  | 'WeldingDetectionReq' | 'SessionStopReq';

export interface SeccAnswer {
  readonly name: DinResponseName;
  readonly code: responseCodeType;
  readonly body: BodyType;
}

type Handler<R extends DinRequestName> = (request: NonNullable<BodyType[R]>, c: SeccResponseContext) => NonNullable<BodyType[ResponseName<R>]>;

/** The one service DIN has, the ChargeService; 1 as EVerest and Josev number it. */
export const CHARGE_SERVICE_ID = 1;

/** Every DC transfer type; an EV asking AC of a DC charger gets FAILED_WrongEnergyTransferType. */
const DC_TRANSFER_TYPES: ReadonlySet<EVRequestedEnergyTransferType> = new Set(['DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique']);

/** PMaxType is a bare short whose unit DIN chargers disagree on; EVerest sends watts clamped to it (unverified). */
const PMAX_LIMIT = 32767;

/** Isolation known (Valid, Warning, Fault or No_IMD) and no test running: CableCheck is Finished. */
export function isolationCheckDone(evse: EvseStatus): boolean {
  return !evse.isolationCheckRunning && evse.isolation !== 'Invalid';
}

function status(c: SeccResponseContext): DC_EVSEStatusType {
  return dcEvseStatus(c.evse, c.settings.notificationMaxDelay);
}

function chargeService(c: SeccResponseContext): ServiceChargeType {
  return {
    ServiceTag: { ServiceID: CHARGE_SERVICE_ID, ServiceCategory: 'EVCharging' },
    FreeService: c.settings.freeService,
    EnergyTransferType: c.settings.energyTransferType,
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

const HANDLERS: { readonly [R in SeccRequestName]: Handler<R> } = {
  SessionSetupReq: (_, c) => ({ ResponseCode: 'OK_NewSessionEstablished', EVSEID: c.evseId }),
  ServiceDiscoveryReq: (_, c) => ({ ResponseCode: 'OK', PaymentOptions: { PaymentOption: ['ExternalPayment'] }, ChargeService: chargeService(c) }),
  ServicePaymentSelectionReq: (req) => ({ ResponseCode: paymentSelectionCode(req) }),
  // EIM: Finished once the EVSE saw the identification (RFID, app, button) [V2G-DC-497].
  ContractAuthenticationReq: (_, c) => ({ ResponseCode: 'OK', EVSEProcessing: c.evse.authorized ? 'Finished' : 'Ongoing' }),
  ChargeParameterDiscoveryReq: (req, c) => ({
    ResponseCode: chargeParameterCode(req),
    EVSEProcessing: 'Finished',
    SAScheduleList: saScheduleList(c.evse.maxPower),
    DC_EVSEChargeParameter: {
      DC_EVSEStatus: status(c),
      EVSEMaximumCurrentLimit: toPhysicalValue(c.evse.maxCurrent, 'A'),
      EVSEMaximumPowerLimit: toPhysicalValue(c.evse.maxPower, 'W'),
      EVSEMaximumVoltageLimit: toPhysicalValue(c.evse.maxVoltage, 'V'),
      EVSEMinimumCurrentLimit: toPhysicalValue(c.evse.minCurrent, 'A'),
      EVSEMinimumVoltageLimit: toPhysicalValue(c.evse.minVoltage, 'V'),
      EVSEPeakCurrentRipple: toPhysicalValue(c.settings.peakCurrentRipple, 'A'),
    },
  }),
  CableCheckReq: (_, c) => ({ ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEProcessing: isolationCheckDone(c.evse) ? 'Finished' : 'Ongoing' }),
  PreChargeReq: (_, c) => ({ ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V') }),
  PowerDeliveryReq: (_, c) => ({ ResponseCode: 'OK', DC_EVSEStatus: status(c) }),
  CurrentDemandReq: (req, c) => {
    const grant = dcGrant(req, c.evse);
    return {
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
    };
  },
  WeldingDetectionReq: (_, c) => ({ ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEPresentVoltage: toPhysicalValue(c.evse.presentVoltage, 'V') }),
  SessionStopReq: () => ({ ResponseCode: 'OK' }),
};

function isSeccRequest(name: string | undefined): name is SeccRequestName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(HANDLERS, name);
}

/** The answer to an accepted request; undefined when the message carries none the SECC accepts anywhere. */
export function seccAnswer(message: DinMessage, c: SeccResponseContext): SeccAnswer | undefined {
  const request = bodyName(message);
  if (!isSeccRequest(request)) return undefined;
  // One handler per name: the name read from the Body picks the handler of its own type.
  const screened = screenRequest(message.V2G_Message.Body[request]);
  if (!screened.ok) return failedAnswer(request, 'FAILED', c);
  const handler = HANDLERS[request] as Handler<SeccRequestName>;
  const response = handler(screened.body as never, c);
  const name = responseNameOf(request);
  return { name, code: response.ResponseCode, body: { [name]: response } };
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
  CertificateUpdateReq: (code) => ({
    '@Id': MINIMAL_ID,
    ResponseCode: code,
    ContractSignatureCertChain: { Certificate: NO_BYTES },
    ContractSignatureEncryptedPrivateKey: NO_BYTES,
    DHParams: NO_BYTES,
    ContractID: '',
    RetryCounter: 0,
  }),
  CertificateInstallationReq: (code) => ({
    '@Id': MINIMAL_ID,
    ResponseCode: code,
    ContractSignatureCertChain: { Certificate: NO_BYTES },
    ContractSignatureEncryptedPrivateKey: NO_BYTES,
    DHParams: NO_BYTES,
    ContractID: '',
  }),
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
 * The answer to a refused request: the response type matching it, `code`, and only the mandatory fields
 * [V2G2-538] [V2G2-736] (their DIN equivalents); DIN's mandatory substitution groups take their DC member.
 */
export function failedAnswer(request: DinRequestName, code: responseCodeType, c: SeccResponseContext): SeccAnswer {
  const name = responseNameOf(request);
  return { name, code, body: { [name]: (MINIMAL[request] as Minimal<DinRequestName>)(code, c) } };
}
