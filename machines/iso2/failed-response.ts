/**
 * The SECC answers every request, even one it refuses, with the response of the request's type: the ResponseCode and
 * only the mandatory fields, filled with neutral values [V2G2-538] [V2G2-736]. Exhaustive over the
 * schema's requests, Plug & Charge ones included, so a sequence error is answerable whatever the EV sent.
 */
import type {
  AC_EVSEStatusType,
  BodyType,
  CertificateChainType,
  DC_EVSEStatusType,
  EnergyTransferModeType,
  responseCodeType,
} from '../../codecs/exi/generated/iso2.types.js';
import { toPhysicalValue } from '../session/physical-value.js';
import { responseNameOf, type Iso2RequestName, type ResponseNameOf } from './iso2-messages.js';

/** What even a minimal response needs from the session. */
export interface FailedResponseBasis {
  readonly evseId: string;
  readonly mode: 'ac' | 'dc';
  readonly energyTransferModes: readonly EnergyTransferModeType[];
}

// EVSEIsolationStatus is optional in DC_EVSEStatus; EVerest leaves it out of FAILED responses, and so do we.
const AC_STATUS: AC_EVSEStatusType = { NotificationMaxDelay: 0, EVSENotification: 'None', RCD: false };
const DC_STATUS: DC_EVSEStatusType = { NotificationMaxDelay: 0, EVSENotification: 'None', EVSEStatusCode: 'EVSE_NotReady' };
const NO_CHAIN: CertificateChainType = { Certificate: new Uint8Array() };
/** eMAIDType needs 14..15 characters. */
const NO_EMAID = 'ZZ000000000000';
const ZERO_V = toPhysicalValue(0, 'V');
const ZERO_A = toPhysicalValue(0, 'A');
const ZERO_W = toPhysicalValue(0, 'W');
const FIRST_TUPLE = 1;

type Minimal = {
  readonly [K in Iso2RequestName]: (code: responseCodeType, basis: FailedResponseBasis) => NonNullable<BodyType[ResponseNameOf<K>]>;
};

const status = (basis: FailedResponseBasis) => (basis.mode === 'ac' ? { AC_EVSEStatus: AC_STATUS } : { DC_EVSEStatus: DC_STATUS });

const certificateResponse = (code: responseCodeType) => ({
  ResponseCode: code,
  SAProvisioningCertificateChain: NO_CHAIN,
  ContractSignatureCertChain: NO_CHAIN,
  ContractSignatureEncryptedPrivateKey: { '@Id': 'key', '#text': new Uint8Array() },
  DHpublickey: { '@Id': 'dh', '#text': new Uint8Array() },
  eMAID: { '@Id': 'emaid', '#text': NO_EMAID },
});

const MINIMAL: Minimal = {
  SessionSetupReq: (code, basis) => ({ ResponseCode: code, EVSEID: basis.evseId }),
  ServiceDiscoveryReq: (code, basis) => ({
    ResponseCode: code,
    PaymentOptionList: { PaymentOption: ['ExternalPayment'] },
    ChargeService: {
      ServiceID: 1,
      ServiceCategory: 'EVCharging',
      FreeService: false,
      SupportedEnergyTransferMode: { EnergyTransferMode: [...basis.energyTransferModes] },
    },
  }),
  ServiceDetailReq: (code) => ({ ResponseCode: code, ServiceID: 0 }),
  PaymentServiceSelectionReq: (code) => ({ ResponseCode: code }),
  PaymentDetailsReq: (code) => ({ ResponseCode: code, GenChallenge: new Uint8Array(16), EVSETimeStamp: 0n }),
  AuthorizationReq: (code) => ({ ResponseCode: code, EVSEProcessing: 'Finished' }),
  ChargeParameterDiscoveryReq: (code, basis) => ({
    ResponseCode: code,
    EVSEProcessing: 'Finished',
    ...(basis.mode === 'ac'
      ? { AC_EVSEChargeParameter: { AC_EVSEStatus: AC_STATUS, EVSENominalVoltage: ZERO_V, EVSEMaxCurrent: ZERO_A } }
      : {
          DC_EVSEChargeParameter: {
            DC_EVSEStatus: DC_STATUS,
            EVSEMaximumCurrentLimit: ZERO_A,
            EVSEMaximumPowerLimit: ZERO_W,
            EVSEMaximumVoltageLimit: ZERO_V,
            EVSEMinimumCurrentLimit: ZERO_A,
            EVSEMinimumVoltageLimit: ZERO_V,
            EVSEPeakCurrentRipple: ZERO_A,
          },
        }),
  }),
  PowerDeliveryReq: (code, basis) => ({ ResponseCode: code, ...status(basis) }),
  MeteringReceiptReq: (code, basis) => ({ ResponseCode: code, ...status(basis) }),
  SessionStopReq: (code) => ({ ResponseCode: code }),
  CertificateUpdateReq: (code) => certificateResponse(code),
  CertificateInstallationReq: (code) => certificateResponse(code),
  ChargingStatusReq: (code, basis) => ({ ResponseCode: code, EVSEID: basis.evseId, SAScheduleTupleID: FIRST_TUPLE, AC_EVSEStatus: AC_STATUS }),
  CableCheckReq: (code) => ({ ResponseCode: code, DC_EVSEStatus: DC_STATUS, EVSEProcessing: 'Finished' }),
  PreChargeReq: (code) => ({ ResponseCode: code, DC_EVSEStatus: DC_STATUS, EVSEPresentVoltage: ZERO_V }),
  CurrentDemandReq: (code, basis) => ({
    ResponseCode: code,
    DC_EVSEStatus: DC_STATUS,
    EVSEPresentVoltage: ZERO_V,
    EVSEPresentCurrent: ZERO_A,
    EVSECurrentLimitAchieved: false,
    EVSEVoltageLimitAchieved: false,
    EVSEPowerLimitAchieved: false,
    EVSEID: basis.evseId,
    SAScheduleTupleID: FIRST_TUPLE,
  }),
  WeldingDetectionReq: (code) => ({ ResponseCode: code, DC_EVSEStatus: DC_STATUS, EVSEPresentVoltage: ZERO_V }),
};

/** The body answering `request` with `code` and nothing else that can be left out. */
export function failedResponse(request: Iso2RequestName, code: responseCodeType, basis: FailedResponseBasis): BodyType {
  const build = MINIMAL[request] as (code: responseCodeType, basis: FailedResponseBasis) => object;
  return { [responseNameOf(request)]: build(code, basis) };
}
