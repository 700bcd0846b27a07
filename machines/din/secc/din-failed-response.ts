/**
 * The DIN SPEC 70121 SECC's minimal answer to any request it refuses: the response of the request's own type with the
 * code and only the mandatory fields [V2G2-538] [V2G2-736] (their DIN equivalents); DIN's mandatory substitution
 * groups take their DC member.
 */
import type { BodyType, DC_EVSEStatusType, responseCodeType } from '../../../codecs/exi/generated/din.types.js';
import { toPhysicalValue } from '../../session/physical-value.js';
import { responseNameOf, type DinRequestName, type ResponseName } from '../din-messages.js';
import { CHARGE_SERVICE_ID, chargeService, saScheduleList, status } from './din-answer-parts.js';
import type { SeccResponseContext } from './din-secc-facts.js';

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

/** The body answering a refused request: the response type matching it with `code`. */
export function failedBody(request: DinRequestName, code: responseCodeType, c: SeccResponseContext): BodyType {
  return { [responseNameOf(request)]: (MINIMAL[request] as Minimal<DinRequestName>)(code, c) };
}
