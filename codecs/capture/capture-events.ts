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
      /** V2G: what lenient decoding tolerated in this message, each with its place in the stream. */
      readonly warnings?: readonly string[];
    }
  | { readonly t: number; readonly layer: 'slac' | 'sdp' | 'v2g' | 'packet'; readonly error: string };
