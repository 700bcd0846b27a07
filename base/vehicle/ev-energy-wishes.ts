/**
 * What the vehicle's energy manager (and through it the driver) wants of the session: when it leaves, how much energy
 * it asks for, whether it wants to stop, and whether it lets the grid draw from its battery. One of the three concerns
 * of the vehicle interface (./vehicle-status.ts); ISO 15118-20's scheduled and dynamic modes read the same wishes.
 */

export interface EvEnergyWishes {
  /** Energy still wanted to reach the EV's target (EVEnergyRequest; -20: EVTargetEnergyRequest), Wh. */
  readonly energyRequest: number;
  /** Seconds from now until the driver wants to leave (DepartureTime); absent when unknown. */
  readonly departureTime?: number;
  /** The SoC the driver or the EMS charges to, %; absent when the vehicle does not say. */
  readonly targetSoc?: number;
  /** The vehicle wants to stop charging (driver request, full, fault). */
  readonly stopRequested: boolean;
  /** The EMS lets energy flow back from the battery (V2X, bidirectional power transfer); absent: not said, so no. */
  readonly dischargeAllowed?: boolean;
}
