export { V2gtpError, type V2gtpField } from './v2gtp-errors.js';
export {
  PayloadType,
  type PayloadTypeName,
  KNOWN_PAYLOAD_TYPES,
  EXI_PAYLOAD_TYPES,
  describePayloadType,
} from './payload-types.js';
export {
  V2GTP_HEADER_LENGTH,
  V2GTP_PROTOCOL_VERSION,
  V2GTP_INVERSE_PROTOCOL_VERSION,
  DEFAULT_MAX_PAYLOAD_LENGTH,
  type V2gtpHeader,
  type V2gtpParseOptions,
  type V2gtpFrame,
  parseV2gtpHeader,
  encodeV2gtpFrame,
  decodeV2gtpFrame,
} from './header.js';
export { V2gtpReassembler } from './reassembler.js';
export { framingOf, readPayload, type PayloadReading, type ProtocolFraming } from './protocol-framing.js';
