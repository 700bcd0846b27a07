/**
 * The -20 envelope: every message is its own root element in its schema (CommonMessages, or the AC or DC schema for
 * the AC_/DC_ messages) carrying its own Header. A response leaves with the Header of the session's ID and the
 * request's time (the kit's `time`), whatever its handler built it with (a Signature it carries is kept); the
 * minimal FAILED response of each request is iso20-failed-response.ts's.
 */
import type { Documents } from '../../../codecs/exi/generated/documents.types.js';
import type { responseCodeType } from '../../../codecs/exi/generated/iso20-types.types.js';
import { v2gDocument, type V2gDocument } from '../../../codecs/exi/v2g-document.js';
import type { SeccEnvelope } from '../../session/secc/secc-message-adapter.js';
import { failedResponse } from '../iso20-failed-response.js';
import { messageHeader, NO_SESSION_ID, SESSION_ID_LENGTH, type MessageContext } from '../iso20-header.js';

export type Iso20Schema = 'iso20-common' | 'iso20-ac' | 'iso20-dc';
export type Iso20ChannelMessage = V2gDocument<Iso20Schema>;

/** The schema of a -20 message by its element's name: AC_*, DC_* in their service's schema, the rest common. */
export function schemaOfElement(name: string): Iso20Schema {
  if (name.startsWith('DC_')) return 'iso20-dc';
  return name.startsWith('AC_') ? 'iso20-ac' : 'iso20-common';
}

function element(document: object): [string, Record<string, unknown>] | undefined {
  for (const name in document) return [name, (document as Record<string, Record<string, unknown>>)[name]];
  return undefined;
}

export const ISO20_ENVELOPE: SeccEnvelope<Iso20ChannelMessage> = {
  wrap: (sessionId, body, { time }) => {
    const response = body as Iso20ChannelMessage;
    const [name, value] = element(response.document)!;
    // A refusal before SessionSetupRes echoes the request's SessionID, which the XSD lets be shorter than the 8 bytes
    // a response must carry: such a request is answered under the all-zero one (decided without the standard's text).
    const id = sessionId.length === SESSION_ID_LENGTH ? sessionId : NO_SESSION_ID;
    // A signed response (the provisioning service's CertificateInstallationRes) keeps its Signature: it covers the
    // signed elements, never the Header's SessionID and TimeStamp.
    const signature = (value.Header as { readonly Signature?: object } | undefined)?.Signature;
    const header = signature === undefined ? messageHeader(id, time) : Object.assign(messageHeader(id, time), { Signature: signature });
    const document = { [name]: Object.assign({}, value, { Header: header }) } as unknown as Documents[Iso20Schema];
    return v2gDocument(response.schema, document) as Iso20ChannelMessage;
  },
  unwrap: ({ document }) => {
    const found = element(document);
    if (found === undefined) return { ok: false, reason: 'an empty document is no request; closed without answer' };
    const [name, value] = found;
    const header = value.Header as { readonly SessionID?: Uint8Array } | undefined;
    if (header?.SessionID === undefined) return { ok: false, reason: `${name} has no Header; closed without answer` };
    return { ok: true, name, body: value, sessionId: header.SessionID };
  },
};

/**
 * The minimal response to request `name` with `code`, its variant following the request's (BPT, control mode,
 * ServiceID). Every -20 request of the AC, DC and common schemas has one.
 */
export function minimalResponse(at: MessageContext, name: string, request: object, code: responseCodeType, evseId: string): Iso20ChannelMessage {
  const received = v2gDocument(schemaOfElement(name), { [name]: request } as unknown as Documents[Iso20Schema]) as Iso20ChannelMessage;
  const response = failedResponse(at, received, code, { evseId });
  if (response === undefined) throw new Error(`${name} has no minimal response in ISO 15118-20`);
  return response as Iso20ChannelMessage;
}
