/**
 * The V2G messages of a session as the inspection stream shows them: a machine receiving `channel.received`, or
 * emitting `channel.send` (an event to its connection's channel actor, see inspector/live/emitted-events.ts). Each
 * becomes one entry with its direction, name, schema, ResponseCode and EVSEProcessing, which the log colours and the
 * sequence view draws between the EVCC and SECC lanes. An ISO 15118-20 message also names its lane, the V2GTP payload
 * type its schema travels on (CommonMessages 0x8002, AC 0x8003, DC 0x8004, ...), and a charge loop message of a BPT
 * session the way the energy flows.
 */
import type { JsonValue } from '../../../base/json-value.js';
import { messageName } from '../../../codecs/exi/message-name.js';
import { payloadTypeForSchema } from '../../../codecs/v2gtp/exi-schemas.js';
import type { SchemaName } from '../../../codecs/exi/index.js';

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
  /** ISO 15118-20: the V2GTP payload type of the message's schema, its lane in the session (0x8002, 0x8004, ...). */
  readonly payloadType?: number;
  /** A charge loop message that states a current or power: which way the energy flows (BPT: either). */
  readonly energy?: EnergyDirection;
  readonly message: JsonValue;
}

/** To the EV (charging) or from it into the grid or home (discharging, ISO 15118-20 BPT). */
export type EnergyDirection = 'charging' | 'discharging';

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

/**
 * The field of a charge loop message that tells the energy's direction by its sign, in the order looked for: what
 * the EVSE measures (DC), what it commands (AC Dynamic), what the EV states it draws (AC) or aims for (DC Scheduled).
 */
const SIGNED_FLOW = ['EVSEPresentCurrent', 'EVSETargetActivePower', 'EVPresentActivePower', 'EVTargetCurrent'] as const;

/** A RationalNumber's value (Value × 10^Exponent), if `value` is one. */
function rational(value: JsonValue | undefined): number | undefined {
  if (!isRecord(value) || typeof value.Value !== 'number' || typeof value.Exponent !== 'number') return undefined;
  return value.Value * 10 ** value.Exponent;
}

/** The direction of an -20 AC_/DC_ChargeLoop message, from its element or its control mode's; none at zero. */
export function energyDirection(name: string, body: { readonly [key: string]: JsonValue } | undefined): EnergyDirection | undefined {
  if (body === undefined || !/^(AC|DC)_ChargeLoop(Req|Res)$/.test(name)) return undefined;
  const places = [body, ...Object.entries(body).filter(([key]) => key.endsWith('ControlMode')).map(([, value]) => value)].filter(isRecord);
  for (const field of SIGNED_FLOW) {
    for (const place of places) {
      const value = rational(place[field]);
      if (value !== undefined) return value > 0 ? 'charging' : value < 0 ? 'discharging' : undefined;
    }
  }
  return undefined;
}

/** ISO 15118-20's lanes: the payload type its schema is framed with; DIN and ISO-2 have one lane, 0x8001, not shown. */
function laneOf(schema: string | undefined): number | undefined {
  return schema?.startsWith('iso20-') ? payloadTypeForSchema(schema as SchemaName) : undefined;
}

export function messageEntry(source: MessageSource): MessageEntry {
  const { schema, document } = schemaAndDocument(source.message);
  const name = messageName(document);
  const side = sideOf(source.machine);
  const body = bodyElement(document, name);
  const responseCode = body?.ResponseCode;
  const evseProcessing = body?.EVSEProcessing;
  const payloadType = laneOf(schema);
  const energy = energyDirection(name, body);
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
    ...(payloadType === undefined ? {} : { payloadType }),
    ...(energy === undefined ? {} : { energy }),
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
