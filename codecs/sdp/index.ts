export { SdpError } from './sdp-errors.js';
export { Security, TransportProtocol, SDP_SERVER_PORT, SDP_MULTICAST_ADDRESS } from './sdp-fields.js';
export { encodeSdpMessage, decodeSdpMessage, type SdpMessage, type SdpRequest, type SdpResponse } from './sdp-messages.js';
