import type { SchemaName } from '../exi/index.js';
import { PayloadType } from './payload-types.js';

/**
 * The payload type each V2G message schema is sent with. DIN SPEC 70121 and ISO 15118-2 send everything as 0x8001; ISO
 * 15118-20 keeps 0x8001 for the SupportedAppProtocol handshake and names the schema of every other main stream message
 * by its payload type (ISO 15118-20's V2GTP payload types 0x8002–0x8006). Fragment and xmldsig schemas are only hashed
 * and signed, never framed, so they have none.
 */
const MAINSTREAM_PAYLOAD_TYPES: ReadonlyMap<SchemaName, number> = new Map<SchemaName, number>([
  ['apphand', PayloadType.SAPPayloadID],
  ['din', PayloadType.EXIEncodedV2GMessage],
  ['iso2', PayloadType.EXIEncodedV2GMessage],
  ['iso20-common', PayloadType.Part20MainstreamPayloadID],
  ['iso20-ac', PayloadType.Part20ACMainstreamPayloadID],
  ['iso20-dc', PayloadType.Part20DCMainstreamPayloadID],
  ['iso20-acdp', PayloadType.Part20ACDPMainstreamPayloadID],
  ['iso20-wpt', PayloadType.Part20WPTMainstreamPayloadID],
]);

/** The messages one side stream carries, by schema. */
export type SideStreamMessages = ReadonlyMap<SchemaName, readonly string[]>;

/**
 * ISO 15118-20 side streams run beside the main stream, and their payload type names a purpose, not a schema: a
 * schedule renegotiation sends the energy service's ChargeParameterDiscoveryReq [V2G20-1046], then the common
 * ScheduleExchangeReq [V2G20-1048] and PowerDeliveryReq [V2G20-2317], all as ScheduleRenegotiationPayloadID
 * [V2G20-1045], answered alike [V2G20-1047] [V2G20-1049]. The others carry one pair each: MeteringConfirmationReq/Res
 * [V2G20-1084] [V2G20-1085]; the ACD system status, ACDP_SystemStatusReq/Res (§8.3.4.7.8.6); the parking status, the
 * VehicleCheckIn/Out messages of §8.3.4.8.1 (ISO 15118-20 Table 14 points each payload type at its clause).
 */
export const SIDE_STREAM_MESSAGES: ReadonlyMap<number, SideStreamMessages> = new Map<number, SideStreamMessages>([
  [
    PayloadType.ScheduleRenegotiationPayloadID,
    new Map<SchemaName, readonly string[]>([
      ['iso20-common', ['ScheduleExchangeReq', 'ScheduleExchangeRes', 'PowerDeliveryReq', 'PowerDeliveryRes']],
      ['iso20-ac', ['AC_ChargeParameterDiscoveryReq', 'AC_ChargeParameterDiscoveryRes']],
      ['iso20-dc', ['DC_ChargeParameterDiscoveryReq', 'DC_ChargeParameterDiscoveryRes']],
      ['iso20-wpt', ['WPT_ChargeParameterDiscoveryReq', 'WPT_ChargeParameterDiscoveryRes']],
    ]),
  ],
  [PayloadType.MeteringConfirmationPayloadID, new Map([['iso20-common', ['MeteringConfirmationReq', 'MeteringConfirmationRes']]])],
  [PayloadType.ACDSystemStatusPayloadID, new Map([['iso20-acdp', ['ACDP_SystemStatusReq', 'ACDP_SystemStatusRes']]])],
  [
    PayloadType.ParkingStatusPayloadID,
    new Map([['iso20-common', ['VehicleCheckInReq', 'VehicleCheckInRes', 'VehicleCheckOutReq', 'VehicleCheckOutRes']]]),
  ],
]);

/** The payload type a document of `schema` is framed with; undefined for schemas that are never framed. */
export function payloadTypeForSchema(schema: SchemaName): number | undefined {
  return MAINSTREAM_PAYLOAD_TYPES.get(schema);
}

/** The payload types whose payload may be a document of `schema`; empty for schemas that are never framed. */
export function payloadTypesForSchema(schema: SchemaName): readonly number[] {
  const mainstream = MAINSTREAM_PAYLOAD_TYPES.get(schema);
  if (mainstream === undefined) return [];
  const sideStreams = [...SIDE_STREAM_MESSAGES].filter(([, messages]) => messages.has(schema)).map(([payloadType]) => payloadType);
  return [mainstream, ...sideStreams];
}
