/** The protocols whose session machines exist: what a handshake may hand a session to. */
import type { V2gProtocol } from '../../codecs/exi/v2g-protocols.js';

/** ISO 15118-20 AC and DC are two namespaces of one session machine per role, each told its namespace in its input. */
export type Iso20SessionProtocol = Extract<V2gProtocol, 'iso20-ac' | 'iso20-dc'>;
export type SessionProtocol = Extract<V2gProtocol, 'din' | 'iso2'> | Iso20SessionProtocol;
export const SESSION_PROTOCOLS: readonly SessionProtocol[] = ['din', 'iso2', 'iso20-ac', 'iso20-dc'];

export const isSessionProtocol = (p: V2gProtocol): p is SessionProtocol => (SESSION_PROTOCOLS as readonly string[]).includes(p);
export const isIso20Session = (p: SessionProtocol): p is Iso20SessionProtocol => p === 'iso20-ac' || p === 'iso20-dc';
