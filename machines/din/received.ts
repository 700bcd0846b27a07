/**
 * What both DIN machines read from the events they receive: the Body of a message from the peer, and why the
 * channel ended.
 */
import type { BodyType } from '../../codecs/exi/generated/din.types.js';
import type { ChannelEvent } from '../session/session-events.js';
import type { SchemaDocument } from '../../codecs/exi/v2g-document.js';
import type { DinMessage } from './din-messages.js';

/** An event besides the channel's that a DIN machine may receive. */
type AdapterEvent = { readonly type: 'vehicle.status' };

/** The Body of a `channel.received` event; undefined for any other event. */
export function receivedBody(event: ChannelEvent<SchemaDocument<'din', DinMessage>> | AdapterEvent): BodyType | undefined {
  return event.type === 'channel.received' ? event.message.document.V2G_Message.Body : undefined;
}

/** `channel.closed: <reason>` or `channel.invalid: <reason>`; undefined for any other event. */
export function channelEndReason(event: ChannelEvent<SchemaDocument<'din', DinMessage>> | AdapterEvent): string | undefined {
  return event.type === 'channel.closed' || event.type === 'channel.invalid' ? `${event.type}: ${event.reason}` : undefined;
}
