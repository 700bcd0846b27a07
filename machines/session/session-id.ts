/**
 * The SessionID rules DIN 70121 and ISO 15118-2 share: a SessionSetupReq with 8 zero bytes asks for a new session
 * ([V2G2-756]), every later message must carry the session's ID byte for byte, and reasons show an ID
 * as the hex digits the XSD's hexBinary writes.
 */

/** The SessionID of a first SessionSetupReq: 8 zero bytes, "no session yet". */
export const NO_SESSION_ID: Uint8Array = new Uint8Array(8);

export function sameSessionId(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** For reasons and errors: a SessionID as the hex digits the XSD's hexBinary writes. */
export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
