/** The protocols whose session machines exist (ISO 15118-20 comes later): what a handshake may hand a session to. */
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

export type SessionProtocol = Extract<V2gProtocol, 'din' | 'iso2'>;
export const SESSION_PROTOCOLS: readonly SessionProtocol[] = ['din', 'iso2'];

export const isSessionProtocol = (p: V2gProtocol): p is SessionProtocol => (SESSION_PROTOCOLS as readonly string[]).includes(p);
