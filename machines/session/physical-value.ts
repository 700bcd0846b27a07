/**
 * DIN 70121 and ISO 15118-2 carry every quantity as PhysicalValue: Value (short, -32768..32767) × 10^Multiplier
 * (-3..3) in a Unit. The adapters speak plain SI numbers; these two functions are the only place that converts.
 */
export interface PhysicalQuantity<U extends string> {
  Multiplier: number;
  Unit: U;
  Value: number;
}

const SHORT_MAX = 32767;

/**
 * The PhysicalValue for `amount`: the smallest Multiplier whose Value fits a short, so the most precision survives
 * (400.5 V → 4005 × 10^-1; 150 000 W → 15000 × 10^1). Amounts beyond 32767 × 10^3 are clamped to it.
 */
export function toPhysicalValue<U extends string>(amount: number, unit: U, round: (x: number) => number = Math.round): PhysicalQuantity<U> {
  for (let multiplier = -3; multiplier <= 3; multiplier++) {
    const value = round(amount / 10 ** multiplier);
    if (Math.abs(value) <= SHORT_MAX) return { Multiplier: multiplier, Unit: unit, Value: value };
  }
  return { Multiplier: 3, Unit: unit, Value: Math.sign(amount) * SHORT_MAX };
}

/** A target that must not pass a limit (EVTargetCurrent within EVSEMaximumCurrentLimit): rounded down, never up. */
export function targetPhysicalValue<U extends string>(amount: number, unit: U): PhysicalQuantity<U> {
  return toPhysicalValue(amount, unit, Math.floor);
}

export function fromPhysicalValue(value: { readonly Multiplier: number; readonly Value: number }): number {
  return value.Value * 10 ** value.Multiplier;
}
