/**
 * The V2G messages of a session as the inspection stream shows them: a machine receiving `channel.received` (or the
 * request an SECC session's runner classified for it), or emitting `channel.send` (an event to its connection's
 * channel actor, see inspector/live/emitted-events.ts). Each
 * becomes one entry with its direction, name, schema, ResponseCode and EVSEProcessing, which the log colours and the
 * sequence view draws between the EVCC and SECC lanes.
 */
import type { JsonValue } from '../../../base/json-value.js';
import { messageName } from '../../../codecs/exi/message-name.js';

export type Direction = 'EV->EVSE' | 'EVSE->EV';
export type Side = 'evcc' | 'secc';

export interface MessageEntry {
  /** Index of the event on the stream. */
  readonly index: number;
  readonly time: number;
  /** The connection the message went over (`secc/3`, `evcc`): both machines of a connection share it. */
  readonly connection: string;
  /** Whose view this is: the EVCC's or the SECC's side of the connection. */
  readonly side: Side | undefined;
  readonly sent: boolean;
  readonly dir: Direction | undefined;
  readonly name: string;
  /** The schema it was encoded or decoded with (ISO 15118-20 mixes several in one session). */
  readonly schema?: string;
  readonly responseCode?: string;
  readonly evseProcessing?: string;
  readonly message: JsonValue;
}

/** `secc/3/din-secc` → `secc/3`; a name without a path is its own connection. */
export function connectionOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/** The side by the name's first segment (`evcc/...`, `secc/3/...`). */
export function sideOf(name: string): Side | undefined {
  const first = name.split('/')[0];
  return first === 'evcc' || first === 'secc' ? first : undefined;
}

export function direction(side: Side | undefined, sent: boolean): Direction | undefined {
  if (side === undefined) return undefined;
  return (side === 'evcc') === sent ? 'EV->EVSE' : 'EVSE->EV';
}

function isRecord(value: unknown): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The element that holds a message's fields: the Body's element for DIN/-2, the root for -20 and supportedAppProtocol. */
function bodyElement(message: JsonValue, name: string): { readonly [key: string]: JsonValue } | undefined {
  if (!isRecord(message)) return undefined;
  const root = Object.values(message)[0];
  if (!isRecord(root)) return undefined;
  const body = root.Body;
  const element = isRecord(body) ? body[name] : root;
  return isRecord(element) ? element : undefined;
}

/**
 * Machines carry a message as `{ schema, document }`; a recording made before they did holds the bare document, which
 * is read on, without a schema.
 */
function schemaAndDocument(message: JsonValue): { readonly schema?: string; readonly document: JsonValue } {
  if (isRecord(message) && typeof message.schema === 'string' && message.document !== undefined) {
    return { schema: message.schema, document: message.document };
  }
  return { document: message };
}

export interface MessageSource {
  readonly index: number;
  readonly time: number;
  /** The name of the machine that sent or received it. */
  readonly machine: string;
  readonly sent: boolean;
  readonly message: JsonValue;
}

export function messageEntry(source: MessageSource): MessageEntry {
  const { schema, document } = schemaAndDocument(source.message);
  const name = messageName(document);
  const side = sideOf(source.machine);
  const body = bodyElement(document, name);
  const responseCode = body?.ResponseCode;
  const evseProcessing = body?.EVSEProcessing;
  return {
    index: source.index,
    time: source.time,
    connection: connectionOf(source.machine),
    side,
    sent: source.sent,
    dir: direction(side, source.sent),
    name,
    ...(schema === undefined ? {} : { schema }),
    ...(typeof responseCode === 'string' ? { responseCode } : {}),
    ...(typeof evseProcessing === 'string' ? { evseProcessing } : {}),
    message: document,
  };
}

/** How the page colours a ResponseCode: OK (`OK_NewSessionEstablished`), WARNING_*, FAILED* (`Failed_NoNegotiation`). */
export function responseCodeClass(code: string): 'ok' | 'warning' | 'failed' {
  const upper = code.toUpperCase();
  if (upper.startsWith('FAILED')) return 'failed';
  if (upper.startsWith('WARNING')) return 'warning';
  return 'ok';
}
