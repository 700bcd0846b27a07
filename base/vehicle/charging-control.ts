/**
 * What the EVCC tells the vehicle to do: its DC contactors, its control pilot state, and the energy now flowing (so
 * the vehicle, or its simulator, integrates it). One of the three concerns of the vehicle interface
 * (./vehicle-status.ts).
 */

export type VehicleCommand =
  /** Close or open the EV's DC contactors (after PreCharge; before WeldingDetection). */
  | { readonly type: 'contactors'; readonly closed: boolean }
  /** Switch the control pilot: state C (ready for energy, S2 closed) or B (not). */
  | { readonly type: 'controlPilot'; readonly state: 'B' | 'C' }
  /**
   * Energy now flows (or stopped): the simulator integrates the measured current while on. `current` is signed:
   * negative while the battery discharges into the grid or the home (ISO 15118-20 BPT).
   */
  | {
      readonly type: 'charging';
      readonly active: boolean;
      readonly voltage: number;
      readonly current: number;
      /** AC: how many phases carry `current` at `voltage` (phase to neutral) each; absent for DC. */
      readonly phases?: number;
    };
