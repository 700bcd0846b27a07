/**
 * The -20 energy messages carry many RationalNumber quantities whose names differ only by who states them
 * (EVMaximumChargePower / EVSEMaximumChargePower) and by phase (_L2, _L3). Facts name a quantity by the standard's
 * name without the EV/EVSE prefix, in SI units implied by the name: Power W, Current A, Voltage V, EnergyRequest and
 * EnergyCapacity Wh, Frequency Hz, ReactivePower var. An element spec says which quantities an element of the XSD
 * has and which of them are mandatory; the builders check those before the codec does, naming what is missing.
 */
import type { RationalNumberType } from '../../codecs/exi/generated/iso20-types.types.js';
import { fromRational, toRational } from './iso20-rational.js';

export type Quantities = { readonly [name: string]: number };

export interface ElementSpec {
  /** The element's name in the XSD, for errors. */
  readonly element: string;
  readonly prefix: 'EV' | 'EVSE';
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Optional quantities without the prefix (MaximumPowerAsymmetry). */
  readonly bare?: readonly string[];
}

export class Iso20FactsError extends Error {
  constructor(readonly element: string, reason: string) {
    super(`${element}: ${reason}`);
    this.name = 'Iso20FactsError';
  }
}

/** `name`, `name_L2`, `name_L3`: a per-phase quantity of AC. */
export function perPhase(...names: readonly string[]): string[] {
  return names.flatMap((n) => [n, `${n}_L2`, `${n}_L3`]);
}

/** `name_L2`, `name_L3`: the other phases of a quantity whose first phase is stated apart. */
export function otherPhases(...names: readonly string[]): string[] {
  return names.flatMap((n) => [`${n}_L2`, `${n}_L3`]);
}

/** The quantities an element carries, as RationalNumbers under their prefixed names. */
export function writeQuantities(spec: ElementSpec, quantities: Quantities): Record<string, RationalNumberType> {
  const known = new Set([...spec.required, ...spec.optional, ...(spec.bare ?? [])]);
  const out: Record<string, RationalNumberType> = {};
  for (const name of Object.keys(quantities)) {
    if (!known.has(name)) throw new Iso20FactsError(spec.element, `has no ${name}`);
  }
  for (const name of spec.required) {
    const amount = quantities[name];
    if (amount === undefined) throw new Iso20FactsError(spec.element, `needs ${name}`);
    out[spec.prefix + name] = toRational(amount);
  }
  for (const name of spec.optional) {
    const amount = quantities[name];
    if (amount !== undefined) out[spec.prefix + name] = toRational(amount);
  }
  for (const name of spec.bare ?? []) {
    const amount = quantities[name];
    if (amount !== undefined) out[name] = toRational(amount);
  }
  return out;
}

/** The quantities of a received element, as SI numbers by their unprefixed names. */
export function readQuantities(spec: ElementSpec, element: object): Quantities {
  const fields = element as Readonly<Record<string, RationalNumberType | undefined>>;
  const out: Record<string, number> = {};
  for (const name of [...spec.required, ...spec.optional]) {
    const n = fields[spec.prefix + name];
    if (n !== undefined) out[name] = fromRational(n);
  }
  for (const name of spec.bare ?? []) {
    const n = fields[name];
    if (n !== undefined) out[name] = fromRational(n);
  }
  return out;
}
