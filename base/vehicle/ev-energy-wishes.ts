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
  /**
   * The SoC the battery must keep (ISO 15118-20 MinimumSOC): charged to it first, never discharged below it, %;
   * absent: 0.
   */
  readonly minSoc?: number;
  /**
   * ISO 15118-20's energy requests beside `energyRequest` (EVTargetEnergyRequest), Wh: the least energy the EV needs
   * (EVMinimumEnergyRequest, to `minSoc`; negative when it could give energy away and still reach it) and the most it
   * can take (EVMaximumEnergyRequest, to full). Absent: the session derives them from the SoC and the capacity.
   */
  readonly minimumEnergyRequest?: number;
  readonly maximumEnergyRequest?: number;
  /**
   * BPT: the energy the EV can take (EVMaximumV2XEnergyRequest) and must at least take (EVMinimumV2XEnergyRequest,
   * negative: it may give this much away) while the grid charges and discharges it, Wh.
   */
  readonly maximumV2XEnergyRequest?: number;
  readonly minimumV2XEnergyRequest?: number;
  /** The vehicle wants to stop charging (driver request, full, fault). */
  readonly stopRequested: boolean;
  /** The EMS lets energy flow back from the battery (V2X, bidirectional power transfer); absent: not said, so no. */
  readonly dischargeAllowed?: boolean;
}
