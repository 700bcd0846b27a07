/**
 * The application protocols a V2G session can run, as the supportedAppProtocol handshake names them:
 * each standard's message-definition namespace and the major and minor version of its schema.
 */
export type V2gProtocol = 'din' | 'iso2' | 'iso20-ac' | 'iso20-dc' | 'iso20-wpt' | 'iso20-acdp';

export interface ProtocolVersion {
  readonly namespace: string;
  readonly major: number;
  readonly minor: number;
}

export const PROTOCOL_VERSIONS: Readonly<Record<V2gProtocol, ProtocolVersion>> = {
  din: { namespace: 'urn:din:70121:2012:MsgDef', major: 2, minor: 0 },
  iso2: { namespace: 'urn:iso:15118:2:2013:MsgDef', major: 2, minor: 0 },
  'iso20-ac': { namespace: 'urn:iso:std:iso:15118:-20:AC', major: 1, minor: 0 },
  'iso20-dc': { namespace: 'urn:iso:std:iso:15118:-20:DC', major: 1, minor: 0 },
  'iso20-wpt': { namespace: 'urn:iso:std:iso:15118:-20:WPT', major: 1, minor: 0 },
  'iso20-acdp': { namespace: 'urn:iso:std:iso:15118:-20:ACDP', major: 1, minor: 0 },
};

export const isIso20 = (p: V2gProtocol): boolean => p.startsWith('iso20-');
