/**
 * A whole message: its frame's data to the physical values of the signals it carries, and back. A multiplexed
 * message carries its multiplexor and the signals of that multiplexor value only.
 */
import type { DbcMessage, DbcSignal } from './dbc.js';
import { CanFrameError, fdLength, type CanFrame } from './can-frame.js';
import { decodeSignal, encodeSignal } from './signal.js';

export type SignalValues = Readonly<Record<string, number>>;

/** The signals a frame with this multiplexor value carries (all of them for a message without multiplexing). */
export function carriedSignals(message: DbcMessage, multiplexorValue: number | undefined): DbcSignal[] {
  return message.signals.filter((s) => s.multiplex?.role !== 'multiplexed' || s.multiplex.value === multiplexorValue);
}

function multiplexor(message: DbcMessage): DbcSignal | undefined {
  return message.signals.find((s) => s.multiplex?.role === 'multiplexor');
}

/**
 * The physical value of every signal the data carries. Data shorter than the message is a CanFrameError: the sender
 * and this DBC disagree, and a signal read from missing bytes would be a made-up number.
 */
export function decodeMessage(message: DbcMessage, data: Uint8Array): SignalValues {
  if (data.length < message.length) {
    throw new CanFrameError(`${message.name}: ${data.length} bytes received, the DBC says ${message.length}`);
  }
  const selector = multiplexor(message);
  const selected = selector === undefined ? undefined : decodeSignal(selector, data);
  const values: Record<string, number> = {};
  for (const signal of carriedSignals(message, selected)) values[signal.name] = decodeSignal(signal, data);
  return values;
}

/**
 * The frame that carries `values`. Every signal the frame carries must be given (a multiplexed message: the
 * multiplexor and the signals of its value); an unknown name is an error, so a typo never sends a zero.
 */
export function encodeMessage(message: DbcMessage, values: SignalValues): CanFrame {
  for (const name of Object.keys(values)) {
    if (!message.signals.some((s) => s.name === name)) throw new CanFrameError(`${message.name} has no signal ${name}`);
  }
  const selector = multiplexor(message);
  const data = new Uint8Array(message.fd ? fdLength(message.length) : message.length);
  for (const signal of carriedSignals(message, selector === undefined ? undefined : values[selector.name])) {
    const value = values[signal.name];
    if (value === undefined) throw new CanFrameError(`${message.name}: no value for ${signal.name}`);
    encodeSignal(signal, data, value);
  }
  return { id: message.id, extended: message.extended, fd: message.fd, data };
}
