/**
 * The EVCC's requests, one per step of DIN SPEC 70121's message sequence, built from the vehicle's latest status.
 * Quantities go out as PhysicalValue through machines/session/physical-value.ts.
 */
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { BodyType, DC_EVStatusType } from '../../codecs/exi/generated/din.types.js';
import { dcTargetsWithin, type EvseLimits } from '../session/evse-limits.js';
import { targetPhysicalValue, toPhysicalValue, type PhysicalQuantity } from '../session/physical-value.js';
import type { DinEvccSettings } from './din-input.js';
import type { DinRequestName } from './din-messages.js';

export interface EvccRequestContext {
  readonly settings: DinEvccSettings & { readonly evccId: Uint8Array };
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

/** percentValueType is a byte of 0..100. */
function percent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value)));
}

/** The EV is full: ChargingComplete, and a reason to leave the charge loop. */
export function chargingComplete(vehicle: VehicleStatus): boolean {
  return vehicle.soc >= vehicle.fullSoc;
}

/** An optional duration: the field when the vehicle knows it, nothing when it does not. */
function seconds<K extends string>(field: K, value: number | undefined): Partial<Record<K, PhysicalQuantity<'s'>>> {
  return value === undefined ? {} : ({ [field]: toPhysicalValue(value, 's') } as Record<K, PhysicalQuantity<'s'>>);
}

function dcEvStatus(vehicle: VehicleStatus): DC_EVStatusType {
  return { EVReady: vehicle.ready, EVErrorCode: vehicle.error ?? 'NO_ERROR', EVRESSSOC: percent(vehicle.soc) };
}

function powerDelivery(readyToCharge: boolean): EvccRequest {
  return request('PowerDeliveryReq', ({ vehicle }) => ({
    ReadyToChargeState: readyToCharge,
    DC_EVPowerDeliveryParameter: {
      DC_EVStatus: dcEvStatus(vehicle),
      BulkChargingComplete: vehicle.soc >= vehicle.bulkSoc,
      ChargingComplete: chargingComplete(vehicle),
    },
  }));
}

const STEPS: { readonly [S in EvccStep]: EvccRequest } = {
  // DIN sends no SessionID to resume: there is no pause in DIN (SessionStopReq has no fields).
  SessionSetup: request('SessionSetupReq', ({ settings }) => ({ EVCCID: settings.evccId })),
  ServiceDiscovery: request('ServiceDiscoveryReq', () => ({ ServiceCategory: 'EVCharging' })),
  ServicePaymentSelection: request('ServicePaymentSelectionReq', ({ serviceId }) => ({
    SelectedPaymentOption: 'ExternalPayment',
    SelectedServiceList: { SelectedService: [{ ServiceID: serviceId }] },
  })),
  // EIM: no GenChallenge, no signature; the same empty request is repeated while EVSEProcessing=Ongoing.
  ContractAuthentication: request('ContractAuthenticationReq', () => ({})),
  ChargeParameterDiscovery: request('ChargeParameterDiscoveryReq', ({ settings, vehicle }) => ({
    EVRequestedEnergyTransferType: settings.energyTransferType,
    DC_EVChargeParameter: {
      DC_EVStatus: dcEvStatus(vehicle),
      EVMaximumCurrentLimit: toPhysicalValue(vehicle.maxCurrent, 'A'),
      EVMaximumPowerLimit: toPhysicalValue(vehicle.maxPower, 'W'),
      EVMaximumVoltageLimit: toPhysicalValue(vehicle.maxVoltage, 'V'),
      EVEnergyCapacity: toPhysicalValue(vehicle.energyCapacity, 'Wh'),
      EVEnergyRequest: toPhysicalValue(vehicle.energyRequest, 'Wh'),
      FullSOC: percent(vehicle.fullSoc),
      BulkSOC: percent(vehicle.bulkSoc),
    },
  })),
  CableCheck: request('CableCheckReq', ({ vehicle }) => ({ DC_EVStatus: dcEvStatus(vehicle) })),
  // The EVSE raises its output to the battery's voltage so the EV can close its contactors without a surge.
  PreCharge: request('PreChargeReq', ({ settings, vehicle, evseLimits }) => {
    const target = dcTargetsWithin({ voltage: vehicle.batteryVoltage, current: settings.prechargeCurrent }, evseLimits);
    return {
      DC_EVStatus: dcEvStatus(vehicle),
      EVTargetVoltage: targetPhysicalValue(target.voltage, 'V'),
      EVTargetCurrent: targetPhysicalValue(target.current, 'A'),
    };
  }),
  PowerDeliveryStart: powerDelivery(true),
  CurrentDemand: request('CurrentDemandReq', ({ vehicle, evseLimits }) => {
    const target = dcTargetsWithin({ voltage: vehicle.targetVoltage, current: vehicle.targetCurrent }, evseLimits);
    return {
    DC_EVStatus: dcEvStatus(vehicle),
    EVTargetCurrent: targetPhysicalValue(target.current, 'A'),
    EVMaximumVoltageLimit: toPhysicalValue(vehicle.maxVoltage, 'V'),
    EVMaximumCurrentLimit: toPhysicalValue(vehicle.maxCurrent, 'A'),
    EVMaximumPowerLimit: toPhysicalValue(vehicle.maxPower, 'W'),
    BulkChargingComplete: vehicle.soc >= vehicle.bulkSoc,
    ChargingComplete: chargingComplete(vehicle),
    ...seconds('RemainingTimeToFullSoC', vehicle.remainingTimeToFullSoc),
    ...seconds('RemainingTimeToBulkSoC', vehicle.remainingTimeToBulkSoc),
    EVTargetVoltage: targetPhysicalValue(target.voltage, 'V'),
    };
  }),
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
