/**
 * The EVCC's requests, one per step of DIN SPEC 70121's message sequence, built from the vehicle's latest status.
 * Quantities go out as PhysicalValue through machines/session/physical-value.ts.
 */
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { BodyType } from '../../codecs/exi/generated/din.types.js';
import { currentDemandFields, dcChargeParameter, dcEvStatus, dcPowerDeliveryParameter, preChargeFields } from '../session/evcc/dc-request-fields.js';
import type { EvseLimits } from '../session/evse-limits.js';
import type { DinEvccSettings } from './din-input.js';
import type { DinRequestName } from './din-messages.js';

export interface EvccRequestContext {
  readonly input: DinEvccSettings & { readonly evccId: Uint8Array };
  readonly vehicle: VehicleStatus;
  /** ServiceID of the ChargeService the SECC offered in ServiceDiscoveryRes. */
  readonly serviceId: number;
  /** The EVSE's limits as last announced: EVTargetVoltage and EVTargetCurrent stay within them. */
  readonly evseLimits: EvseLimits;
}

/** The EVCC's steps; PowerDelivery appears twice, to start and to stop the energy transfer. */
export type EvccStep =
  | 'SessionSetup' | 'ServiceDiscovery' | 'ServicePaymentSelection' | 'ContractAuthentication' | 'ChargeParameterDiscovery'
  | 'CableCheck' | 'PreCharge' | 'PowerDeliveryStart' | 'CurrentDemand' | 'PowerDeliveryStop' | 'WeldingDetection'
  | 'SessionStop';

interface EvccRequest {
  readonly name: DinRequestName;
  readonly body: (c: EvccRequestContext) => BodyType;
}

type Build<R extends DinRequestName> = (c: EvccRequestContext) => NonNullable<BodyType[R]>;

function request<R extends DinRequestName>(name: R, build: Build<R>): EvccRequest {
  return { name, body: (c) => ({ [name]: build(c) }) };
}

function powerDelivery(readyToCharge: boolean): EvccRequest {
  return request('PowerDeliveryReq', ({ vehicle }) => ({
    ReadyToChargeState: readyToCharge,
    DC_EVPowerDeliveryParameter: dcPowerDeliveryParameter(vehicle),
  }));
}

const STEPS: { readonly [S in EvccStep]: EvccRequest } = {
  // DIN sends no SessionID to resume: there is no pause in DIN (SessionStopReq has no fields).
  SessionSetup: request('SessionSetupReq', ({ input }) => ({ EVCCID: input.evccId })),
  ServiceDiscovery: request('ServiceDiscoveryReq', () => ({ ServiceCategory: 'EVCharging' })),
  ServicePaymentSelection: request('ServicePaymentSelectionReq', ({ serviceId }) => ({
    SelectedPaymentOption: 'ExternalPayment',
    SelectedServiceList: { SelectedService: [{ ServiceID: serviceId }] },
  })),
  // EIM: no GenChallenge, no signature; the same empty request is repeated while EVSEProcessing=Ongoing.
  ContractAuthentication: request('ContractAuthenticationReq', () => ({})),
  ChargeParameterDiscovery: request('ChargeParameterDiscoveryReq', ({ input, vehicle }) => ({
    EVRequestedEnergyTransferType: input.energyTransferType,
    DC_EVChargeParameter: dcChargeParameter(vehicle),
  })),
  CableCheck: request('CableCheckReq', ({ vehicle }) => ({ DC_EVStatus: dcEvStatus(vehicle) })),
  PreCharge: request('PreChargeReq', ({ input, vehicle, evseLimits }) => preChargeFields(vehicle, input.prechargeCurrent, evseLimits)),
  PowerDeliveryStart: powerDelivery(true),
  CurrentDemand: request('CurrentDemandReq', ({ vehicle, evseLimits }) => currentDemandFields(vehicle, evseLimits)),
  PowerDeliveryStop: powerDelivery(false),
  WeldingDetection: request('WeldingDetectionReq', ({ vehicle }) => ({ DC_EVStatus: dcEvStatus(vehicle) })),
  SessionStop: request('SessionStopReq', () => ({})),
};

export function evccRequestName(step: EvccStep): DinRequestName {
  return STEPS[step].name;
}

export function evccRequestBody(step: EvccStep, c: EvccRequestContext): BodyType {
  return STEPS[step].body(c);
}
