import type { Json } from '../exi/index.js';

export type Direction = 'EV->EVSE' | 'EVSE->EV';

/** One line of a decoded capture: a message, or the reason a packet's content could not be decoded. */
export type CaptureEvent =
  | {
      /** Milliseconds since the capture's first packet. */
      readonly t: number;
      readonly layer: 'slac' | 'sdp' | 'v2g';
      readonly name: string;
      readonly dir?: Direction;
      /** SLAC: the frame's source and destination MAC. */
      readonly src?: string;
      readonly dst?: string;
      /** V2G: the EXI schema the message was decoded with. */
      readonly schema?: string;
      readonly message: Json;
    }
  | { readonly t: number; readonly layer: 'slac' | 'sdp' | 'v2g' | 'packet'; readonly error: string };

/** Plain objects of the SLAC and SDP codecs as JSON: bytes as hex, bigints as decimal strings. */
export function plainJson(value: unknown): Json {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plainJson);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = plainJson(v);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  return String(value);
}
