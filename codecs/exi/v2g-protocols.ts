/**
 * The application protocols a V2G session can run, as the supportedAppProtocol handshake names them:
 * each standard's message-definition namespace and the major and minor version of its schema.
 */
import type { SchemaName } from './generated/documents.types.js';

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

/** What a V2G connection speaks: the supportedAppProtocol handshake first, then the protocol it negotiated. */
export type ChannelProtocol = 'apphand' | V2gProtocol;

/**
 * The message schemas of each protocol. ISO 15118-20 puts what every energy service shares (session, authorization,
 * services, schedules, PowerDelivery, metering, check-in, SessionStop) in CommonMessages and each service's messages in
 * its own schema; ACDP charges with the DC messages and adds its positioning, connection and system status messages
 * (its energy transfer service is DC_ACDP). CommonMessages comes first, as a session starts with it.
 */
export const PROTOCOL_SCHEMAS: Readonly<Record<ChannelProtocol, readonly SchemaName[]>> = {
  apphand: ['apphand'],
  din: ['din'],
  iso2: ['iso2'],
  'iso20-ac': ['iso20-common', 'iso20-ac'],
  'iso20-dc': ['iso20-common', 'iso20-dc'],
  'iso20-wpt': ['iso20-common', 'iso20-wpt'],
  'iso20-acdp': ['iso20-common', 'iso20-dc', 'iso20-acdp'],
};
