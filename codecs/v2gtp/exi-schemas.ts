import type { SchemaName } from '../exi/index.js';
import { PayloadType } from './payload-types.js';

/**
 * The payload type each V2G message schema is sent with. DIN SPEC 70121 and ISO 15118-2 send everything as 0x8001; ISO
 * 15118-20 keeps 0x8001 for the SupportedAppProtocol handshake and names the schema of every other main stream message
 * by its payload type (ISO 15118-20's V2GTP payload types 0x8002–0x8006). Fragment and xmldsig schemas are only hashed
 * and signed, never framed, so they have none.
 */
const MAINSTREAM_PAYLOAD_TYPES: ReadonlyMap<string, number> = new Map([
  ['apphand', PayloadType.SAPPayloadID],
  ['din', PayloadType.EXIEncodedV2GMessage],
  ['iso2', PayloadType.EXIEncodedV2GMessage],
  ['iso20-common', PayloadType.Part20MainstreamPayloadID],
  ['iso20-ac', PayloadType.Part20ACMainstreamPayloadID],
  ['iso20-dc', PayloadType.Part20DCMainstreamPayloadID],
  ['iso20-acdp', PayloadType.Part20ACDPMainstreamPayloadID],
  ['iso20-wpt', PayloadType.Part20WPTMainstreamPayloadID],
]);

/**
 * ISO 15118-20 side streams run beside the main stream and mix namespaces: a schedule renegotiation sends the AC or DC
 * ChargeParameterDiscoveryReq, then the common ScheduleExchangeReq and PowerDeliveryReq on one payload type
 * [V2G20-2317]. Their payload type does not name a schema, so every -20 message schema accepts all of them.
 */
const SIDE_STREAM_PAYLOAD_TYPES: readonly number[] = [
  PayloadType.ScheduleRenegotiationPayloadID,
  PayloadType.MeteringConfirmationPayloadID,
  PayloadType.ACDSystemStatusPayloadID,
  PayloadType.ParkingStatusPayloadID,
];

/** The payload type a document of `schema` is framed with; undefined for schemas that are never framed. */
export function payloadTypeForSchema(schema: SchemaName): number | undefined {
  return MAINSTREAM_PAYLOAD_TYPES.get(schema);
}

/** The payload types whose payload may be a document of `schema`; empty for schemas that are never framed. */
export function payloadTypesForSchema(schema: SchemaName): readonly number[] {
  const mainstream = MAINSTREAM_PAYLOAD_TYPES.get(schema);
  if (mainstream === undefined) return [];
  // Side streams exist only in ISO 15118-20, and its message schemas are the ones not sent as 0x8001.
  if (mainstream === PayloadType.EXIEncodedV2GMessage) return [mainstream];
  return [mainstream, ...SIDE_STREAM_PAYLOAD_TYPES];
}
