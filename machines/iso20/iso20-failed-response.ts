/**
 * The SECC answers every -20 request, even one it refuses, with the response of the request's type: the ResponseCode
 * and only the mandatory fields, filled with neutral values (zero quantities, EVSEProcessing Finished), as -2 requires
 * [V2G2-538] and every open -20 SECC does. Where the XSD makes a whole element mandatory, the neutral content is decided here without the
 * standard's text: the generic CLResControlMode for the charge loops, the request's own control mode and energy
 * transfer variant elsewhere, one placeholder parameter set for ServiceDetailRes.
 */
import type { Documents } from '../../codecs/exi/generated/documents.types.js';
import type { responseCodeType } from '../../codecs/exi/generated/iso20-types.types.js';
import { v2gDocument, type V2gDocument } from '../../codecs/exi/v2g-document.js';
import { headerOf, type MessageContext } from './iso20-header.js';
import { toRational } from './iso20-rational.js';
import { placeholderScheduleControl, scheduleExchangeRes } from './iso20-schedule-exchange.js';

const ZERO = toRational(0);
const NO_CERTIFICATE = new Uint8Array();

export interface FailedResponseBasis {
  readonly evseId: string;
}

type Iso20Request = V2gDocument<'iso20-common' | 'iso20-ac' | 'iso20-dc'>;

/** The name of a document's one element (`DC_ChargeLoopReq`). */
function elementOf(document: object): string {
  return Object.keys(document)[0];
}

/**
 * The minimal response of the request's type carrying `code`, with the session's header; undefined for a document that
 * is no request of an AC or DC session (a response, a fragment): there is no response of its type to send.
 */
export function failedResponse(ctx: MessageContext, request: Iso20Request, code: responseCodeType, basis: FailedResponseBasis): V2gDocument | undefined {
  const Header = headerOf(ctx);
  const base = { Header, ResponseCode: code };
  const name = elementOf(request.document);
  const element = (request.document as unknown as Record<string, Record<string, unknown>>)[name];
  if (request.schema === 'iso20-dc') {
    const dc = (d: Documents['iso20-dc']) => v2gDocument('iso20-dc', d);
    switch (name) {
      case 'DC_ChargeParameterDiscoveryReq': {
        const limits = { EVSEMaximumChargePower: ZERO, EVSEMinimumChargePower: ZERO, EVSEMaximumChargeCurrent: ZERO, EVSEMinimumChargeCurrent: ZERO, EVSEMaximumVoltage: ZERO, EVSEMinimumVoltage: ZERO };
        const discharge = { EVSEMaximumDischargePower: ZERO, EVSEMinimumDischargePower: ZERO, EVSEMaximumDischargeCurrent: ZERO, EVSEMinimumDischargeCurrent: ZERO };
        return dc({
          DC_ChargeParameterDiscoveryRes: element.BPT_DC_CPDReqEnergyTransferMode
            ? { ...base, BPT_DC_CPDResEnergyTransferMode: { ...limits, ...discharge } }
            : { ...base, DC_CPDResEnergyTransferMode: limits },
        });
      }
      case 'DC_CableCheckReq':
        return dc({ DC_CableCheckRes: { ...base, EVSEProcessing: 'Finished' } });
      case 'DC_PreChargeReq':
        return dc({ DC_PreChargeRes: { ...base, EVSEPresentVoltage: ZERO } });
      case 'DC_WeldingDetectionReq':
        return dc({ DC_WeldingDetectionRes: { ...base, EVSEPresentVoltage: ZERO } });
      case 'DC_ChargeLoopReq':
        return dc({
          DC_ChargeLoopRes: {
            ...base,
            EVSEPresentCurrent: ZERO,
            EVSEPresentVoltage: ZERO,
            EVSEPowerLimitAchieved: false,
            EVSECurrentLimitAchieved: false,
            EVSEVoltageLimitAchieved: false,
            CLResControlMode: {},
          },
        });
      default:
        return undefined;
    }
  }
  if (request.schema === 'iso20-ac') {
    if (name === 'AC_ChargeParameterDiscoveryReq') {
      const limits = { EVSEMaximumChargePower: ZERO, EVSEMinimumChargePower: ZERO, EVSENominalFrequency: ZERO };
      return v2gDocument('iso20-ac', {
        AC_ChargeParameterDiscoveryRes: element.BPT_AC_CPDReqEnergyTransferMode
          ? { ...base, BPT_AC_CPDResEnergyTransferMode: { ...limits, EVSEMaximumDischargePower: ZERO, EVSEMinimumDischargePower: ZERO } }
          : { ...base, AC_CPDResEnergyTransferMode: limits },
      });
    }
    return name === 'AC_ChargeLoopReq' ? v2gDocument('iso20-ac', { AC_ChargeLoopRes: { ...base, CLResControlMode: {} } }) : undefined;
  }
  const common = (d: Documents['iso20-common']) => v2gDocument('iso20-common', d);
  switch (name) {
    case 'SessionSetupReq':
      return common({ SessionSetupRes: { ...base, EVSEID: basis.evseId } });
    case 'AuthorizationSetupReq':
      return common({ AuthorizationSetupRes: { ...base, AuthorizationServices: ['EIM'], CertificateInstallationService: false, EIM_ASResAuthorizationMode: {} } });
    case 'AuthorizationReq':
      return common({ AuthorizationRes: { ...base, EVSEProcessing: 'Finished' } });
    case 'ServiceDiscoveryReq':
      return common({ ServiceDiscoveryRes: { ...base, ServiceRenegotiationSupported: false, EnergyTransferServiceList: { Service: [{ ServiceID: 0, FreeService: false }] } } });
    case 'ServiceDetailReq':
      return common({
        ServiceDetailRes: { ...base, ServiceID: element.ServiceID as number, ServiceParameterList: { ParameterSet: [{ ParameterSetID: 0, Parameter: [{ '@Name': 'ControlMode', intValue: 0 }] }] } },
      });
    case 'ScheduleExchangeReq':
      return scheduleExchangeRes(ctx, {
        responseCode: code,
        processing: 'Finished',
        control: placeholderScheduleControl(element.Dynamic_SEReqControlMode ? 'Dynamic' : 'Scheduled', Number(Header.TimeStamp)),
      });
    case 'CertificateInstallationReq':
      return common({
        CertificateInstallationRes: {
          ...base,
          EVSEProcessing: 'Finished',
          CPSCertificateChain: { Certificate: NO_CERTIFICATE },
          SignedInstallationData: {
            '@Id': 'id1',
            ContractCertificateChain: { Certificate: NO_CERTIFICATE, SubCertificates: { Certificate: [NO_CERTIFICATE] } },
            ECDHCurve: 'SECP521',
            DHPublicKey: new Uint8Array(133),
            SECP521_EncryptedPrivateKey: new Uint8Array(94),
          },
          RemainingContractCertificateChains: 0,
        },
      });
    case 'VehicleCheckInReq':
      return common({ VehicleCheckInRes: base });
    case 'VehicleCheckOutReq':
      return common({ VehicleCheckOutRes: { ...base, EVSECheckOutStatus: 'Completed' } });
    case 'ServiceSelectionReq':
      return common({ ServiceSelectionRes: base });
    case 'PowerDeliveryReq':
      return common({ PowerDeliveryRes: base });
    case 'MeteringConfirmationReq':
      return common({ MeteringConfirmationRes: base });
    case 'SessionStopReq':
      return common({ SessionStopRes: base });
    default:
      return undefined;
  }
}
