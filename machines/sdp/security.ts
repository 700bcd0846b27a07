/**
 * The SDP Security byte as the rest of the stack names it: `tls` (0x00, secured with TLS) or `tcp` (0x10, no
 * transport layer security, plain TCP). V2G messages run on TCP either way.
 */
import { Security } from '../../codecs/sdp/index.js';

export type SdpSecurity = 'tls' | 'tcp';

export const securityByte = (security: SdpSecurity): Security =>
  security === 'tls' ? Security.TLS : Security.NoTransportSecurity;

export const securityOf = (byte: Security): SdpSecurity => (byte === Security.TLS ? 'tls' : 'tcp');
