/**
 * How the messages of one protocol go over V2GTP: the payload type each of its schemas is sent with, and the schema a
 * received payload is read with, chosen by its payload type. 0x8001 is the handshake's before it ends and DIN's or
 * ISO 15118-2's after; ISO 15118-20 names the schema of each main stream message by its payload type, so one session
 * reads CommonMessages on 0x8002 beside its energy service's messages on 0x8003–0x8006.
 *
 * A side stream's payload type names a purpose instead (exi-schemas.ts), and a schedule renegotiation mixes two schemas
 * on one [V2G20-1045]. Such a payload is read with the schema in which the root element its EXI stream announces is a
 * message of that side stream (root-element.ts): a peek at one byte, where decoding with each schema in turn would cost
 * a failed decode and could even succeed with the wrong one, as EXI streams carry no namespace. The roots the side
 * streams allow have distinct event codes across the schemas of each protocol (asserted in the tests), so the choice
 * is never ambiguous.
 */
import { decode, ExiError, v2gDocument, type DecodeOptions, type SchemaName, type V2gDocument } from '../exi/index.js';
import { rootElementOf } from '../exi/root-element.js';
import { PROTOCOL_SCHEMAS, type ChannelProtocol } from '../exi/v2g-protocols.js';
import { payloadTypeForSchema, SIDE_STREAM_MESSAGES } from './exi-schemas.js';
import { describePayloadType } from './payload-types.js';
import { V2gtpError } from './v2gtp-errors.js';

/** A payload is read with `schema`; on a side stream, only when the root element it announces is one of `roots`. */
export interface PayloadReading {
  readonly schema: SchemaName;
  readonly roots?: ReadonlySet<string>;
}

export interface ProtocolFraming {
  readonly protocol: ChannelProtocol;
  /** The payload type each schema of the protocol is sent with; a schema outside the protocol has none. */
  readonly payloadTypes: ReadonlyMap<SchemaName, number>;
  /** How each payload type the protocol receives is read; a payload type outside the protocol has none. */
  readonly readings: ReadonlyMap<number, readonly PayloadReading[]>;
}

function framing(protocol: ChannelProtocol): ProtocolFraming {
  const schemas = PROTOCOL_SCHEMAS[protocol];
  const payloadTypes = new Map<SchemaName, number>();
  const readings = new Map<number, PayloadReading[]>();
  for (const schema of schemas) {
    const payloadType = payloadTypeForSchema(schema);
    if (payloadType === undefined) continue;
    payloadTypes.set(schema, payloadType);
    readings.set(payloadType, [{ schema }]);
  }
  for (const [payloadType, messages] of SIDE_STREAM_MESSAGES) {
    const side = schemas.flatMap((schema) => {
      const roots = messages.get(schema);
      return roots === undefined ? [] : [{ schema, roots: new Set(roots) }];
    });
    if (side.length > 0) readings.set(payloadType, side);
  }
  return { protocol, payloadTypes, readings };
}

/** Built once: the channel looks up one payload type per message. */
const FRAMINGS: Readonly<Record<ChannelProtocol, ProtocolFraming>> = {
  apphand: framing('apphand'),
  din: framing('din'),
  iso2: framing('iso2'),
  'iso20-ac': framing('iso20-ac'),
  'iso20-dc': framing('iso20-dc'),
  'iso20-wpt': framing('iso20-wpt'),
  'iso20-acdp': framing('iso20-acdp'),
};

export function framingOf(protocol: ChannelProtocol): ProtocolFraming {
  return FRAMINGS[protocol];
}

/**
 * The document a V2GTP payload of `payloadType` carries in `framing`'s protocol. Throws a V2gtpError (field
 * `payloadType`) for a payload type the protocol does not receive, an ExiError for a payload that is no message of it.
 */
export function readPayload(framing: ProtocolFraming, payloadType: number, payload: Uint8Array, options?: DecodeOptions): V2gDocument {
  const readings = framing.readings.get(payloadType);
  if (readings === undefined) {
    throw new V2gtpError('payloadType', 2, `payload type ${describePayloadType(payloadType)} does not carry ${framing.protocol} messages`);
  }
  const reading = readings.length === 1 && readings[0]!.roots === undefined ? readings[0]! : sideStreamReading(readings, payload);
  if (reading === undefined) {
    const announced = readings.map(({ schema }) => `${rootElementOf(schema, payload) ?? 'no root element'} in ${schema}`);
    const schemas = readings.map(({ schema }) => schema).join('|');
    throw new ExiError(schemas, 8, '', `payload type ${describePayloadType(payloadType)} carries none of the messages this payload announces (${announced.join(', ')})`);
  }
  return decoded(reading.schema, payload, options);
}

/** Generic in the schema, so the pair is typed per schema rather than as a product of every schema and document. */
function decoded<S extends SchemaName>(schema: S, payload: Uint8Array, options: DecodeOptions | undefined): V2gDocument<S> {
  return v2gDocument(schema, decode(schema, payload, options));
}

function sideStreamReading(readings: readonly PayloadReading[], payload: Uint8Array): PayloadReading | undefined {
  return readings.find(({ schema, roots }) => roots?.has(rootElementOf(schema, payload) ?? '') === true);
}
