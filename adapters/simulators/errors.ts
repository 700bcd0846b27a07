/** A simulator was given an option it cannot run with (a negative capacity, a zero tick period, a SoC above 100 %). */
export class SimulatorOptionError extends RangeError {
  override readonly name = 'SimulatorOptionError';

  constructor(
    /** Which simulator: `battery`, `dc-supply`, `ac-supply`. */
    readonly simulator: string,
    /** The option's name as the caller wrote it. */
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${simulator}: option ${option} must be ${expected}, got ${String(value)}`);
  }
}

/** Checks `value` lies in [min, max] (and is a number, not NaN); returns it so a check reads as an assignment. */
export function inRange(simulator: string, option: string, value: number, min: number, max = Infinity): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    const expected = max === Infinity ? `a number >= ${min}` : `a number in ${min}..${max}`;
    throw new SimulatorOptionError(simulator, option, value, expected);
  }
  return value;
}

/** Like `inRange` with no upper bound, but zero is refused too: periods, capacities, ramp rates. */
export function positive(simulator: string, option: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0)) throw new SimulatorOptionError(simulator, option, value, 'a positive number');
  return value;
}
