/**
 * How a supportedAppProtocol handshake ended, on either side: the protocol the session continues with, or why there
 * is none. Shared by the EVCC and SECC machines so the runner treats both alike.
 */
import type { responseCodeType } from '../../codecs/exi/generated/apphand.types.js';
import type { ChannelEvent } from '../session/session-events.js';
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

export type HandshakeOutcome =
  | {
      readonly ok: true;
      readonly protocol: V2gProtocol;
      /** With a minor deviation the session runs the SECC's minor version of the protocol. */
      readonly responseCode: Exclude<responseCodeType, 'Failed_NoNegotiation'>;
    }
  | { readonly ok: false; readonly reason: string };

export function handshakeFailure(reason: string): HandshakeOutcome {
  return { ok: false, reason };
}

/** For logs and close reasons: the failure's reason, or what was negotiated. */
export function describeOutcome(outcome: HandshakeOutcome): string {
  return outcome.ok ? `${outcome.protocol} negotiated (${outcome.responseCode})` : outcome.reason;
}

/** The channel events that end a channel. */
export type ChannelEnd = Exclude<ChannelEvent, { readonly type: 'channel.received' }>;

/** The reason for a channel that ended under the handshake. */
export function channelEndReason(event: ChannelEnd): string {
  return event.type === 'channel.invalid' ? `undecodable message: ${event.reason}` : `connection closed: ${event.reason}`;
}
