/** The vehicle's state as ISO 15118-2 carries it in every DC request (DC_EVStatus). */
import type { VehicleStatus } from '../../base/vehicle/vehicle-status.js';
import type { DC_EVStatusType } from '../../codecs/exi/generated/iso2.types.js';

export function dcEvStatus(vehicle: VehicleStatus): DC_EVStatusType {
  return {
    EVReady: vehicle.ready,
    EVErrorCode: vehicle.error ?? 'NO_ERROR',
    EVRESSSOC: percent(vehicle.soc),
  };
}

/** percentValueType is 0..100: a BMS reporting 100.4 % must not make a request unencodable. */
export function percent(value: number): number {
  return Math.min(100, Math.max(0, Math.round(value)));
}
