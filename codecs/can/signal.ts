/**
 * One signal's value in a frame's data: the raw bits (either byte order, signed or not, integer or IEEE float) and
 * the physical value (raw × factor + offset). Raw values are BigInt, so 64-bit signals keep every bit.
 */
import { signalBits, type DbcSignal } from './dbc.js';

/** A physical value that the signal cannot carry (outside its raw bits, or not a number). */
export class SignalRangeError extends RangeError {
  override readonly name = 'SignalRangeError';

  constructor(
    readonly signal: string,
    readonly value: number,
    detail: string,
  ) {
    super(`${signal} = ${value}: ${detail}`);
  }
}

export function readRaw(signal: DbcSignal, data: Uint8Array): bigint {
  let raw = 0n;
  const bits = signalBits(signal);
  for (let k = bits.length - 1; k >= 0; k--) {
    const bit = bits[k]!;
    raw = (raw << 1n) | BigInt((data[bit >> 3]! >> (bit & 7)) & 1);
  }
  return raw;
}

export function writeRaw(signal: DbcSignal, data: Uint8Array, raw: bigint): void {
  const bits = signalBits(signal);
  for (let k = 0; k < bits.length; k++) {
    const bit = bits[k]!;
    const mask = 1 << (bit & 7);
    if ((raw >> BigInt(k)) & 1n) data[bit >> 3]! |= mask;
    else data[bit >> 3]! &= ~mask;
  }
}

/** The raw value as the number it stands for: two's complement when signed, an IEEE float when the DBC says so. */
export function rawToNumber(signal: DbcSignal, raw: bigint): number {
  if (signal.float !== undefined) {
    const view = new DataView(new ArrayBuffer(8));
    if (signal.float === 32) {
      view.setUint32(0, Number(raw));
      return view.getFloat32(0);
    }
    view.setBigUint64(0, raw);
    return view.getFloat64(0);
  }
  return Number(signal.signed ? BigInt.asIntN(signal.length, raw) : raw);
}

export function decodeSignal(signal: DbcSignal, data: Uint8Array): number {
  return physicalOf(signal, rawToNumber(signal, readRaw(signal, data)));
}

/**
 * raw × factor + offset; by a factor like 0.1 the raw value is divided instead (by 10), which gives the decimal the
 * DBC means (612.3, where the multiplication gives 612.3000000000001 and a range check at the limit would fail).
 */
export function physicalOf(signal: Pick<DbcSignal, 'factor' | 'offset'>, raw: number): number {
  const inverse = 1 / signal.factor;
  const divisor = Math.round(inverse);
  const scaled = divisor !== 0 && Math.abs(inverse - divisor) < 1e-9 ? raw / divisor : raw * signal.factor;
  return signal.offset === 0 ? scaled : scaled + signal.offset;
}

/**
 * Writes `physical` into `data`, rounded to the signal's resolution; a value its bits cannot carry is a
 * SignalRangeError, never a silently wrapped number.
 */
export function encodeSignal(signal: DbcSignal, data: Uint8Array, physical: number): void {
  if (!Number.isFinite(physical)) throw new SignalRangeError(signal.name, physical, 'not a finite number');
  const scaled = (physical - signal.offset) / signal.factor;
  if (signal.float !== undefined) {
    const view = new DataView(new ArrayBuffer(8));
    if (signal.float === 32) {
      view.setFloat32(0, scaled);
      return writeRaw(signal, data, BigInt(view.getUint32(0)));
    }
    view.setFloat64(0, scaled);
    return writeRaw(signal, data, view.getBigUint64(0));
  }
  const raw = BigInt(Math.round(scaled));
  const bits = BigInt(signal.length);
  const [min, max] = signal.signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
  if (raw < min || raw > max) {
    throw new SignalRangeError(signal.name, physical, `raw ${raw} outside the ${signal.length}-bit ${signal.signed ? 'signed' : 'unsigned'} range ${min}..${max}`);
  }
  writeRaw(signal, data, BigInt.asUintN(signal.length, raw));
}
