/**
 * The ISO 15118-20 response codes and what they mean for the session. The XSD (CommonTypes responseCodeType) orders
 * them OK_* < WARNING_* < FAILED_*; the class is the prefix:
 *  - OK: the request was processed as asked;
 *  - WARNING: the request was processed, something is not as asked, the session goes on (the EVCC decides what to do
 *    next, e.g. another authorization service after WARNING_EIMAuthorizationFailure);
 *  - FAILED: the SECC ends the session after sending the response, the EVCC sends nothing more and closes
 *    [V2G20-1643 (closing)]; every open -20 stack does so for every FAILED code.
 * Which codes each response may carry is not in the XSD: the table below is what the standard's message clauses name
 * as the open stacks (EVerest libiso15118, Josev) carry them, decided without the standard's text. A code outside the
 * table is still classified by its prefix, with a warning: receive like the field.
 */
import type { processingType, responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';

export type ResponseVerdict = 'ok' | 'warning' | 'failed';

export function responseVerdict(code: responseCodeType): ResponseVerdict {
  if (code.startsWith('FAILED')) return 'failed';
  if (code.startsWith('WARNING')) return 'warning';
  return 'ok';
}

/** Whether the EVCC may go on after this code (OK or WARNING). */
export function sessionContinues(code: responseCodeType): boolean {
  return responseVerdict(code) !== 'failed';
}

/** The -20 responses, by element name. */
export type Iso20Response =
  | 'SessionSetupRes'
  | 'AuthorizationSetupRes'
  | 'AuthorizationRes'
  | 'ServiceDiscoveryRes'
  | 'ServiceDetailRes'
  | 'ServiceSelectionRes'
  | 'AC_ChargeParameterDiscoveryRes'
  | 'DC_ChargeParameterDiscoveryRes'
  | 'ScheduleExchangeRes'
  | 'DC_CableCheckRes'
  | 'DC_PreChargeRes'
  | 'PowerDeliveryRes'
  | 'AC_ChargeLoopRes'
  | 'DC_ChargeLoopRes'
  | 'DC_WeldingDetectionRes'
  | 'MeteringConfirmationRes'
  | 'SessionStopRes'
  | 'CertificateInstallationRes';

/**
 * Any response may carry these: FAILED_SequenceError for a request out of sequence, FAILED_UnknownSession for a
 * SessionID that is not the session's, FAILED for any other failure.
 */
const ANY_RESPONSE: readonly responseCodeType[] = ['OK', 'FAILED', 'FAILED_SequenceError', 'FAILED_UnknownSession'];

const PNC_AUTHORIZATION: readonly responseCodeType[] = [
  'OK_CertificateExpiresSoon',
  'WARNING_CertificateExpired',
  'WARNING_CertificateNotYetValid',
  'WARNING_CertificateRevoked',
  'WARNING_CertificateValidationError',
  'WARNING_ChallengeInvalid',
  'WARNING_eMSPUnknown',
  'WARNING_GeneralPnCAuthorizationError',
  'WARNING_NoContractMatchingPCIDFound',
  'FAILED_SignatureError',
];

const CHARGE_PARAMETER_DISCOVERY: readonly responseCodeType[] = ['FAILED_WrongChargeParameter'];
const CHARGE_LOOP: readonly responseCodeType[] = ['WARNING_EVPowerProfileViolation', 'FAILED_EVPowerProfileViolation', 'FAILED_PowerToleranceNotConfirmed'];

/** The codes beyond ANY_RESPONSE that each response may carry (see the file comment for the table's standing). */
export const RESPONSE_CODES: Readonly<Record<Iso20Response, readonly responseCodeType[]>> = {
  // A new session, or a paused one joined again by its old SessionID.
  SessionSetupRes: ['OK_NewSessionEstablished', 'OK_OldSessionJoined'],
  AuthorizationSetupRes: [],
  AuthorizationRes: ['WARNING_AuthorizationSelectionInvalid', 'WARNING_EIMAuthorizationFailure', ...PNC_AUTHORIZATION],
  ServiceDiscoveryRes: [],
  ServiceDetailRes: ['FAILED_ServiceIDInvalid'],
  ServiceSelectionRes: ['FAILED_ServiceSelectionInvalid', 'FAILED_NoEnergyTransferServiceSelected'],
  AC_ChargeParameterDiscoveryRes: CHARGE_PARAMETER_DISCOVERY,
  DC_ChargeParameterDiscoveryRes: CHARGE_PARAMETER_DISCOVERY,
  ScheduleExchangeRes: ['WARNING_ScheduleRenegotiationFailed', 'FAILED_ScheduleRenegotiation'],
  DC_CableCheckRes: [],
  DC_PreChargeRes: [],
  PowerDeliveryRes: [
    'OK_PowerToleranceConfirmed',
    'WARNING_PowerToleranceNotConfirmed',
    'WARNING_StandbyNotAllowed',
    'WARNING_EVPowerProfileViolation',
    'FAILED_ContactorError',
    'FAILED_EVPowerProfileInvalid',
    'FAILED_EVPowerProfileViolation',
    'FAILED_PowerDeliveryNotApplied',
    'FAILED_PowerToleranceNotConfirmed',
    'FAILED_ScheduleRenegotiation',
    'FAILED_ScheduleSelectionInvalid',
  ],
  AC_ChargeLoopRes: CHARGE_LOOP,
  DC_ChargeLoopRes: CHARGE_LOOP,
  DC_WeldingDetectionRes: [],
  MeteringConfirmationRes: ['FAILED_MeteringSignatureNotValid'],
  // Pause or service renegotiation the station does not offer: the EV is told so and the session ends.
  SessionStopRes: ['FAILED_NoServiceRenegotiationSupported', 'FAILED_PauseNotAllowed'],
  CertificateInstallationRes: [
    'OK_CertificateExpiresSoon',
    'WARNING_CertificateExpired',
    'WARNING_CertificateNotYetValid',
    'WARNING_CertificateRevoked',
    'WARNING_CertificateValidationError',
    'WARNING_NoCertificateAvailable',
    'WARNING_NoContractMatchingPCIDFound',
    'FAILED_SignatureError',
  ],
};

/** Whether `code` is one this response carries; a code outside is read by its prefix and reported as unexpected. */
export function isExpectedResponseCode(response: Iso20Response, code: responseCodeType): boolean {
  return ANY_RESPONSE.includes(code) || RESPONSE_CODES[response].includes(code);
}

export interface ReadResponseCode {
  readonly code: responseCodeType;
  readonly verdict: ResponseVerdict;
  /** Set when the code is not one this response carries: the session goes on by the verdict, the log says so. */
  readonly warning?: string;
}

export function readResponseCode(response: Iso20Response, code: responseCodeType): ReadResponseCode {
  const verdict = responseVerdict(code);
  return isExpectedResponseCode(response, code) ? { code, verdict } : { code, verdict, warning: `${response} with ${code}, a code it does not carry` };
}

/** A response that carries nothing but its code (ServiceSelectionRes, SessionStopRes, MeteringConfirmationRes…). */
export interface CodeResFacts {
  readonly responseCode: responseCodeType;
}

/** A response that may ask the EV to repeat its request while the SECC works on it (EVSEProcessing=Ongoing). */
export interface ProcessingResFacts extends CodeResFacts {
  readonly processing: processingType;
}
