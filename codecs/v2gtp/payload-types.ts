/**
 * V2GTP payload types (ISO 15118-20 Table 14, ISO 15118-2 Table 10, DIN SPEC 70121 Table 16). The names are the
 * ISO 15118-20 identifiers, which its requirements use instead of the numbers. DIN SPEC 70121 and ISO 15118-2 give
 * 0x8001 no identifier, only the description "EXI encoded V2G message"; it carries every message of those protocols,
 * SupportedAppProtocol included, so it has that name too.
 */
export const PayloadType = {
  EXIEncodedV2GMessage: 0x8001,
  SAPPayloadID: 0x8001,
  Part20MainstreamPayloadID: 0x8002,
  Part20ACMainstreamPayloadID: 0x8003,
  Part20DCMainstreamPayloadID: 0x8004,
  Part20ACDPMainstreamPayloadID: 0x8005,
  Part20WPTMainstreamPayloadID: 0x8006,
  ScheduleRenegotiationPayloadID: 0x8101,
  MeteringConfirmationPayloadID: 0x8102,
  ACDSystemStatusPayloadID: 0x8103,
  ParkingStatusPayloadID: 0x8104,
  SDPRequestPayloadID: 0x9000,
  SDPResponsePayloadID: 0x9001,
  SDPRequestWirelessPayloadID: 0x9002,
  SDPResponseWirelessPayloadID: 0x9003,
  /**
   * 0x9004/0x9005 are known only from the dsV2Gshark dissector ("SDP EMSP request/response"); ISO 15118-20 itself
   * reserves 0x9004–0x9FFF, so they probably come from a later amendment. The names are ours.
   */
  SDPRequestEMSPPayloadID: 0x9004,
  SDPResponseEMSPPayloadID: 0x9005,
} as const;

export type PayloadTypeName = keyof typeof PayloadType;

/** Every payload type some protocol defines: the header parser's default, so reserved values are rejected. */
export const KNOWN_PAYLOAD_TYPES: readonly number[] = [...new Set(Object.values(PayloadType))];

/**
 * Payload types whose payload is one EXI document: ISO 15118-20 declares 0x8001–0x8FFF EXI encoded [V2G20-1229];
 * these are the ones it defines in that range.
 */
export const EXI_PAYLOAD_TYPES: readonly number[] = KNOWN_PAYLOAD_TYPES.filter((t) => t >= 0x8001 && t <= 0x8fff);

/** `0x8001 (EXIEncodedV2GMessage/SAPPayloadID)`: the number as it appears on the wire, and what it means. */
export function describePayloadType(payloadType: number): string {
  const hex = `0x${payloadType.toString(16).padStart(4, '0')}`;
  const names = (Object.keys(PayloadType) as PayloadTypeName[]).filter((n) => PayloadType[n] === payloadType);
  if (names.length > 0) return `${hex} (${names.join('/')})`;
  if (payloadType >= 0xa000) return `${hex} (manufacturer-specific)`;
  return `${hex} (reserved)`;
}
