/**
 * The message sequence of a session as people read it: who sent what when, and what the SECC answered. Taken from
 * the channel's traffic, so it shows what went over the wire, not what a machine meant to send.
 */
import type { ChannelTraffic } from '../channel/v2g-channel-actor.js';
import { messageName } from '../../codecs/exi/message-name.js';
import type { SchemaName } from '../../codecs/exi/index.js';

export interface LoggedMessage {
  readonly dir: 'EV->EVSE' | 'EVSE->EV';
  readonly name: string;
  /** The schema it was decoded or encoded with: ISO 15118-20 mixes several in one session. */
  readonly schema?: SchemaName;
  /** ResponseCode of a response. */
  readonly responseCode?: string;
  /** EVSEProcessing of a response that carries it (Ongoing loops). */
  readonly evseProcessing?: string;
  /** Milliseconds since the start of the run. */
  readonly t: number;
  readonly message?: unknown;
}

/** `side`: the role whose channel this is, so 'out' of an EVCC is EV->EVSE and 'out' of an SECC is EVSE->EV. */
export function logEntry(traffic: ChannelTraffic, side: 'evcc' | 'secc', start: number): LoggedMessage {
  const dir = (traffic.dir === 'out') === (side === 'evcc') ? 'EV->EVSE' : 'EVSE->EV';
  const document = traffic.message?.document;
  const name = document === undefined ? 'undecodable message' : messageName(document);
  const body = bodyOf(document, name);
  return {
    dir,
    name,
    ...(traffic.message ? { schema: traffic.message.schema } : {}),
    ...(typeof body?.ResponseCode === 'string' ? { responseCode: body.ResponseCode } : {}),
    ...(typeof body?.EVSEProcessing === 'string' ? { evseProcessing: body.EVSEProcessing } : {}),
    t: Math.round((traffic.time - start) * 10) / 10,
    message: document,
  };
}

function bodyOf(message: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const root = Object.values(message)[0] as { Body?: Record<string, unknown> } | Record<string, unknown> | undefined;
  if (!root) return undefined;
  const body = 'Body' in root && root.Body ? (root.Body as Record<string, unknown>)[name] : root;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
}
