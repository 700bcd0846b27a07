/**
 * The name a reader of logs and failure reasons looks for: `SessionSetupReq` for a DIN/-2
 * `{ V2G_Message: { Header, Body: { SessionSetupReq } } }`, the root element for -20 and supportedAppProtocol documents.
 */
export function messageName(message: unknown): string {
  if (typeof message !== 'object' || message === null) return String(message);
  const root = Object.keys(message)[0];
  if (root === undefined) return 'an empty document';
  const body: unknown = (message as Record<string, { Body?: unknown }>)[root]?.Body;
  const bodyElement = typeof body === 'object' && body !== null ? Object.keys(body)[0] : undefined;
  return bodyElement ?? root;
}
