/**
 * A scripted EVCC for the fault tests: a real TCP connection and V2G channel, but no session machine, so a test can
 * send what a correct EVCC never would (a request out of sequence, a wrong SessionID) and see what comes back.
 */
import { firstValueFrom, timeout } from 'rxjs';
import { createV2gChannel, type V2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import type { SessionProtocol } from '../../actors/stack/session-machines.js';
import { offerAppProtocols } from '../../machines/apphand/negotiation.js';
import type { ChannelEvent } from '../../machines/session/session-events.js';
import { messageName } from '../../codecs/exi/message-name.js';
import type { Connection } from '../../transport/connection-port.js';
import type { Endpoint } from '../../base/connection-events.js';
import { connectTcp } from '../../transport/tcp.js';
import { connectTls, type ConnectTlsOptions } from '../../transport/tls.js';
import { v2gDocument, type Documents } from '../../codecs/exi/index.js';

const BOUND_MS = 2_000;

/** A DIN or ISO 15118-2 message: both share the V2G_Message shape. */
export interface V2gMessage {
  readonly V2G_Message: { readonly Header: { readonly SessionID: Uint8Array }; readonly Body: Record<string, unknown> };
}

export interface RawEvcc {
  readonly connection: Connection;
  readonly channel: V2gChannel;
  /** Sends a request and returns the next message, failing the test on anything else. */
  exchange(sessionId: Uint8Array, body: Record<string, unknown>): Promise<V2gMessage>;
  /** The next thing the channel delivers (a message, or how it ended), bounded. */
  next(bound?: number): Promise<ChannelEvent>;
  close(): void;
}

/**
 * Connects to `secc` (over TLS with `tls`) and runs the supportedAppProtocol handshake for `protocol`; the channel
 * then speaks it.
 */
export async function rawEvcc(secc: Endpoint, protocol: SessionProtocol, tls?: Omit<ConnectTlsOptions, 'host' | 'port'>): Promise<RawEvcc> {
  const connection = tls ? await connectTls({ ...tls, host: secc.address, port: secc.port }) : await connectTcp({ host: secc.address, port: secc.port });
  const channel = createV2gChannel(connection, { protocol: 'apphand' });
  const next = (bound = BOUND_MS): Promise<ChannelEvent> => firstValueFrom(channel.events$.pipe(timeout(bound)));
  const received = async (): Promise<unknown> => {
    const event = await next();
    if (event.type !== 'channel.received') throw new Error(`expected a message, the channel ended: ${event.reason}`);
    return event.message.document;
  };
  try {
    channel.send(v2gDocument('apphand', { supportedAppProtocolReq: offerAppProtocols([protocol], connection.security) }));
    const answer = (await received()) as { supportedAppProtocolRes?: { ResponseCode: string } };
    if (!answer.supportedAppProtocolRes?.ResponseCode.startsWith('OK')) throw new Error(`handshake refused: ${JSON.stringify(answer)}`);
  } catch (error) {
    channel.close('the handshake failed');
    throw error;
  }
  channel.useProtocol(protocol);
  return {
    connection,
    channel,
    next,
    async exchange(sessionId, body) {
      // Any body a test makes up: the encoder, not the type, checks it.
      const document = { V2G_Message: { Header: { SessionID: sessionId }, Body: body } } as Documents[SessionProtocol];
      channel.send(v2gDocument(protocol, document));
      const message = await received();
      if (typeof message !== 'object' || message === null || !('V2G_Message' in message)) throw new Error(`not a V2G_Message: ${messageName(message)}`);
      return message as V2gMessage;
    },
    close: () => channel.close('the test is done'),
  };
}

/** The body element of a message and its ResponseCode, e.g. `['ServiceDiscoveryRes', 'FAILED_UnknownSession']`. */
export function answerOf(message: V2gMessage): [name: string, responseCode: unknown] {
  const name = messageName(message);
  return [name, (message.V2G_Message.Body[name] as { ResponseCode?: unknown } | undefined)?.ResponseCode];
}
