export { SdpError } from './errors.js';
export { Security, TransportProtocol, SDP_SERVER_PORT, SDP_MULTICAST_ADDRESS } from './fields.js';
export { encodeSdpMessage, decodeSdpMessage, type SdpMessage, type SdpRequest, type SdpResponse } from './messages.js';
