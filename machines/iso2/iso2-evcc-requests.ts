/**
 * What the ISO 15118-2 EVCC sends: one pure builder per request, from the session context and the vehicle's last
 * status (ISO 15118-2 §8.4 for the messages' fields).
 */
import type { BodyType, chargeProgressType } from '../../codecs/exi/generated/iso2.types.js';
import { currentDemandFields, dcChargeParameter, dcEvStatus, dcPowerDeliveryParameter, preChargeFields } from '../session/evcc/dc-request-fields.js';
import { toPhysicalValue } from '../session/physical-value.js';
import { limitsInForce, type Iso2Contract, type Iso2EvccContext, type Iso2EvccStep } from './evcc-context.js';

import type { Iso2RequestName } from './iso2-messages.js';
import { chargingProfileWithin } from './schedule.js';

/** Every request the EVCC sends, Plug & Charge's included. */
export type EvccRequestName = Iso2RequestName;

export interface RequestParams {
  readonly request: EvccRequestName;
  /** PowerDeliveryReq only. */
  readonly chargeProgress?: chargeProgressType;
}

const DEFAULT_PRECHARGE_CURRENT = 2;

/**
 * The Id of the element a Plug & Charge request's signature covers (AuthorizationReq, MeteringReceiptReq,
 * CertificateInstallationReq, CertificateUpdateReq): the EV's contract store signs it on the way out.
 */
const SIGNED_ID = 'id1';

function certificateChain(contract: Iso2Contract) {
  const [leaf, ...subs] = contract.chain;
  return { Certificate: chartEnsured(leaf, 'contract certificate'), ...(subs.length > 0 ? { SubCertificates: { Certificate: subs } } : {}) };
}

function rootCertificateIds(ctx: Iso2EvccContext) {
  return { RootCertificateID: [...chartEnsured(ctx.input.plugAndCharge, 'Plug & Charge').rootCertificateIds] };
}

type Builders = { readonly [K in EvccRequestName]: (ctx: Iso2EvccContext, chargeProgress: chargeProgressType) => NonNullable<BodyType[K]> };

const BUILDERS: Builders = {
  SessionSetupReq: (ctx) => ({ EVCCID: ctx.input.evccId }),
  // No ServiceCategory: the EV wants the whole list, ServiceDetail may follow for value-added services.
  ServiceDiscoveryReq: () => ({}),
  ServiceDetailReq: (ctx) => ({ ServiceID: ctx.serviceDetailQueue[0] ?? ctx.chargeServiceId }),
  PaymentServiceSelectionReq: (ctx) => ({
    SelectedPaymentOption: ctx.paymentOption,
    SelectedServiceList: { SelectedService: [{ ServiceID: ctx.chargeServiceId }] },
  }),
  CertificateInstallationReq: (ctx) => ({
    '@Id': SIGNED_ID,
    OEMProvisioningCert: chartEnsured(ctx.input.plugAndCharge, 'Plug & Charge').oemProvisioningCertificate,
    ListOfRootCertificateIDs: rootCertificateIds(ctx),
  }),
  CertificateUpdateReq: (ctx) => {
    const contract = chartEnsured(ctx.contract, 'contract');
    return { '@Id': SIGNED_ID, ContractSignatureCertChain: certificateChain(contract), eMAID: contract.emaid, ListOfRootCertificateIDs: rootCertificateIds(ctx) };
  },
  PaymentDetailsReq: (ctx) => {
    const contract = chartEnsured(ctx.contract, 'contract');
    return { eMAID: contract.emaid, ContractSignatureCertChain: certificateChain(contract) };
  },
  // EIM: neither Id nor GenChallenge, both belong to Plug & Charge (ISO 15118-2 §8.4.3.7.1), where the contract key
  // signs the SECC's GenChallenge.
  AuthorizationReq: (ctx) => (ctx.genChallenge === undefined ? {} : { '@Id': SIGNED_ID, GenChallenge: ctx.genChallenge }),
  ChargeParameterDiscoveryReq: (ctx) => {
    const v = ctx.vehicle;
    const departure = v.departureTime === undefined ? {} : { DepartureTime: Math.max(0, Math.round(v.departureTime)) };
    const limits = ctx.input.maxEntriesSAScheduleTuple === undefined ? {} : { MaxEntriesSAScheduleTuple: ctx.input.maxEntriesSAScheduleTuple };
    if (ctx.input.mode === 'ac') {
      return {
        ...limits,
        RequestedEnergyTransferMode: ctx.input.energyTransferMode,
        AC_EVChargeParameter: {
          ...departure,
          EAmount: toPhysicalValue(v.energyRequest, 'Wh'),
          EVMaxVoltage: toPhysicalValue(v.maxVoltage, 'V'),
          EVMaxCurrent: toPhysicalValue(v.maxCurrent, 'A'),
          EVMinCurrent: toPhysicalValue(v.minCurrent, 'A'),
        },
      };
    }
    return {
      ...limits,
      RequestedEnergyTransferMode: ctx.input.energyTransferMode,
      DC_EVChargeParameter: { ...departure, ...dcChargeParameter(v) },
    };
  },
  CableCheckReq: (ctx) => ({ DC_EVStatus: dcEvStatus(ctx.vehicle) }),
  // The EVSE raises its output to the battery's voltage so the EV's contactors close without a current surge.
  PreChargeReq: (ctx) => preChargeFields(ctx.vehicle, ctx.input.prechargeCurrent ?? DEFAULT_PRECHARGE_CURRENT, limitsInForce(ctx)),
  PowerDeliveryReq: (ctx, chargeProgress) => {
    const schedule = chartEnsured(ctx.schedule, 'SAScheduleTuple');
    const power = Math.min(ctx.vehicle.maxPower, ctx.evse.limits.maxPower ?? Infinity);
    const profile = chargeProgress === 'Start' ? { ChargingProfile: chargingProfileWithin(schedule, power) } : {};
    const dc =
      ctx.input.mode === 'dc'
        ? { DC_EVPowerDeliveryParameter: dcPowerDeliveryParameter(ctx.vehicle) }
        : {};
    return { ChargeProgress: chargeProgress, SAScheduleTupleID: schedule.SAScheduleTupleID, ...profile, ...dc };
  },
  ChargingStatusReq: () => ({}),
  CurrentDemandReq: (ctx) => currentDemandFields(ctx.vehicle, limitsInForce(ctx)),
  // Plug & Charge: signed with the contract key. EIM has none to sign with, so the receipt goes unsigned: an SECC that
  // asks for it (it should not with EIM) then gets the message its state expects instead of a FAILED_SequenceError.
  MeteringReceiptReq: (ctx) => ({
    ...(ctx.paymentOption === 'Contract' ? { '@Id': SIGNED_ID } : {}),
    SessionID: chartEnsured(ctx.sessionId, 'SessionID'),
    SAScheduleTupleID: chartEnsured(ctx.schedule, 'SAScheduleTuple').SAScheduleTupleID,
    MeterInfo: chartEnsured(ctx.meterInfo, 'MeterInfo'),
  }),
  WeldingDetectionReq: (ctx) => ({ DC_EVStatus: dcEvStatus(ctx.vehicle) }),
  SessionStopReq: (ctx) => ({ ChargingSession: ctx.stopKind }),
};

/**
 * The request each step sends: `<step>Req`, PowerDeliveryReq with the ChargeProgress its step names, and for
 * ContractCertificate the installation of a contract or the update of the one held.
 */
export function evccRequestOf(step: Iso2EvccStep, ctx: Pick<Iso2EvccContext, 'input' | 'contract'>): RequestParams {
  if (step === 'ContractCertificate') {
    const update = ctx.input.plugAndCharge?.certificate === 'update' && ctx.contract !== undefined;
    return { request: update ? 'CertificateUpdateReq' : 'CertificateInstallationReq' };
  }
  const progress = /^PowerDelivery(Start|Stop|Renegotiate)$/.exec(step)?.[1] as chargeProgressType | undefined;
  return progress === undefined ? { request: `${step}Req` as EvccRequestName } : { request: 'PowerDeliveryReq', chargeProgress: progress };
}

/** The body of `params.request` for the present context. */
export function evccRequest(ctx: Iso2EvccContext, params: RequestParams): BodyType {
  const build = BUILDERS[params.request] as (ctx: Iso2EvccContext, chargeProgress: chargeProgressType) => BodyType[EvccRequestName];
  return { [params.request]: build(ctx, params.chargeProgress ?? 'Start') };
}

/**
 * A value the chart guarantees before the request is built: PowerDelivery and MeteringReceipt come only after
 * ChargeParameterDiscoveryRes gave a schedule, MeteringReceipt only after a response carrying MeterInfo.
 */
function chartEnsured<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`ISO 15118-2 EVCC: ${what} missing when building a request (a chart defect)`);
  return value;
}
