/**
 * ISO 15118-20 carries every quantity as RationalNumber: Value (short, -32768..32767) × 10^Exponent (byte,
 * -128..127), the unit implied by the field (W, A, V, Wh, Hz, var). The -20 messages speak plain SI numbers to the
 * rest of the stack; these functions are the only place that converts, and they convert exactly: a number whose
 * significant digits fit a short (400.5, 0.00039, 22 000) comes back as the same number.
 */
import type { RationalNumberType } from '../../codecs/exi/generated/iso20-types.types.js';

const SHORT_MAX = 32767;
const SHORT_MIN = -32768;
const EXPONENT_MAX = 127;
/**
 * The finest resolution written: 10^-6 carries a price per Wh (0.000325 €/Wh) and every electrical quantity with room
 * to spare. Finer amounts are rounded to it.
 */
export const FINEST_EXPONENT = -6;

export class RationalNumberError extends RangeError {
  constructor(readonly amount: number, reason: string) {
    super(`RationalNumber of ${amount}: ${reason}`);
    this.name = 'RationalNumberError';
  }
}

/** 10^0 .. 10^133, each the double nearest to it, computed once: the charge loop converts a dozen quantities a round. */
const POW10: readonly number[] = Array.from({ length: EXPONENT_MAX - FINEST_EXPONENT + 1 }, (_, e) => Number(`1e${e}`));

/**
 * Value × 10^Exponent as the double nearest to that decimal: read as the decimal literal `${Value}e${Exponent}`, so
 * 4005 × 10^-1 is 400.5, not 400.50000000000006 as 4005 × 0.1 would be.
 */
export function fromRational(n: RationalNumberType): number {
  return Number(`${n.Value}e${n.Exponent}`);
}

/**
 * The RationalNumber for `amount`: the finest Exponent (from FINEST_EXPONENT up) whose rounded Value fits a short, so
 * the most precision survives, then trailing zeros moved into the Exponent (22 000 W → 22 × 10^3) so that equal
 * amounts have one representation. `round` chooses the direction for limits and targets (Math.floor: never above).
 * Amounts beyond 32767 × 10^127 or not finite are errors, not clamped: no SI quantity of a charging session is near.
 */
export function toRational(amount: number, round: (x: number) => number = Math.round): RationalNumberType {
  if (!Number.isFinite(amount)) throw new RationalNumberError(amount, 'not a finite number');
  for (let exponent = FINEST_EXPONENT; exponent <= EXPONENT_MAX; exponent++) {
    const scaled = exponent < 0 ? amount * POW10[-exponent] : amount / POW10[exponent];
    // Scaling by a power of ten can land a hair off an integer (0.07 × 10^6 = 70000.00000000001): snap first.
    const snapped = Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled)) ? Math.round(scaled) : scaled;
    const value = round(snapped);
    if (value >= SHORT_MIN && value <= SHORT_MAX) return normalised(value === 0 ? 0 : value, exponent);
  }
  throw new RationalNumberError(amount, `beyond ${SHORT_MAX} × 10^${EXPONENT_MAX}`);
}

function normalised(value: number, exponent: number): RationalNumberType {
  if (value === 0) return { Exponent: 0, Value: 0 };
  let v = value;
  let e = exponent;
  while (v % 10 === 0 && e < EXPONENT_MAX) {
    v /= 10;
    e++;
  }
  return { Exponent: e, Value: v };
}

/** A target or limit that must not pass what it is derived from: rounded down, never up. */
export function toRationalAtMost(amount: number): RationalNumberType {
  return toRational(amount, Math.floor);
}

/** An optional field: absent stays absent. */
export function optionalRational(amount: number | undefined): RationalNumberType | undefined {
  return amount === undefined ? undefined : toRational(amount);
}

export function optionalFromRational(n: RationalNumberType | undefined): number | undefined {
  return n === undefined ? undefined : fromRational(n);
}
