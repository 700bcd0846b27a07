import type { SlacMessage } from '../../codecs/slac/index.js';
import type { SlacEvent } from './slac-events.js';

/** The frame of a `slac.frame` event when it is a `type` message, else undefined: how guards and actions pick messages. */
export function frameOf<T extends SlacMessage['type']>(
  event: SlacEvent,
  type: T,
): Extract<SlacMessage, { type: T }> | undefined {
  if (event.type !== 'slac.frame' || event.frame.type !== type) return undefined;
  return event.frame as Extract<SlacMessage, { type: T }>;
}
