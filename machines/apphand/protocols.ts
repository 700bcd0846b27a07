import type { ConnectionSecurity } from '../../base/connection-events.js';
import { isIso20, type V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

/**
 * DIN SPEC 70121 runs on plain TCP only [V2G-DC-618]; ISO 15118-20 only on TLS 1.3 [V2G20-1237] [V2G20-2356];
 * ISO 15118-2 on either.
 */
export function allowedOn(protocol: V2gProtocol, security: ConnectionSecurity): boolean {
  if (protocol === 'din') return security === 'tcp';
  if (isIso20(protocol)) return security === 'tls1.3';
  return true;
}
