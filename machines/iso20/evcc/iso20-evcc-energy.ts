/**
 * The energy of an ISO 15118-20 session counted both ways, as the EV sees it flow: each power the EV is told of
 * (the EVSE's measurement in DC, the EV's own draw in AC) held until the next, integrated over the run's clock.
 * Positive power charges the battery (`chargedWh`), negative discharges it into the grid or the home
 * (`dischargedWh`, BPT). Pure: the time is passed in.
 */

export interface EnergyCount {
  readonly chargedWh: number;
  readonly dischargedWh: number;
  /** The power flowing since `sinceMs`, W, signed. */
  readonly powerW: number;
  readonly sinceMs?: number;
}

export const NO_ENERGY: EnergyCount = { chargedWh: 0, dischargedWh: 0, powerW: 0 };

/** The count at `nowMs`, the power having been `count.powerW` since the last change. */
export function energyAt(count: EnergyCount, nowMs: number): EnergyCount {
  const since = count.sinceMs ?? nowMs;
  const wh = (count.powerW * Math.max(0, nowMs - since)) / 3_600_000;
  return {
    chargedWh: count.chargedWh + Math.max(0, wh),
    dischargedWh: count.dischargedWh + Math.max(0, -wh),
    powerW: count.powerW,
    sinceMs: nowMs,
  };
}

/** The count at `nowMs` with `powerW` flowing from then on. */
export function energyWithPower(count: EnergyCount, powerW: number, nowMs: number): EnergyCount {
  return { ...energyAt(count, nowMs), powerW };
}
