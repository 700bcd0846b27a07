/**
 * The ISO 15118-2 message layer both session machines share: the document type, the request and response names
 * (the body element names of the schema), and the typed events a received message becomes once its header has been
 * checked. A machine's chart is labelled with these names (`AuthorizationReq`, `CurrentDemandRes`).
 */
import type { BodyType, V2G_MessageType } from '../../codecs/exi/generated/iso2.types.js';
import type { SignatureType } from '../../codecs/exi/generated/xmldsig.types.js';
import type { SchemaDocument } from '../../codecs/exi/v2g-document.js';

/** A complete ISO 15118-2 document, as `encode('iso2', ...)` takes it. */
export type Iso2Message = { V2G_Message: V2G_MessageType };
/** An ISO 15118-2 message as it crosses the channel: with its schema. */
export type Iso2ChannelMessage = SchemaDocument<'iso2', Iso2Message>;

export type Iso2RequestName = Extract<keyof BodyType, `${string}Req`>;
export type Iso2ResponseName = Extract<keyof BodyType, `${string}Res`>;
export type Iso2BodyName = Iso2RequestName | Iso2ResponseName;

/** `AuthorizationReq` → `AuthorizationRes`. */
export type ResponseNameOf<R extends Iso2RequestName> = R extends `${infer Pair}Req` ? Extract<`${Pair}Res`, Iso2ResponseName> : never;

export function responseNameOf<R extends Iso2RequestName>(request: R): ResponseNameOf<R> {
  return request.replace(/Req$/, 'Res') as ResponseNameOf<R>;
}

/** A response from the SECC, raised inside the EVCC machine after it has been checked against the pending request. */
export type Iso2ResponseEvent = {
  [K in Iso2ResponseName]: { readonly type: K; readonly body: NonNullable<BodyType[K]>; readonly sessionId: Uint8Array };
}[Iso2ResponseName];

export function iso2Message(sessionId: Uint8Array, body: BodyType, signature?: SignatureType): Iso2Message {
  return { V2G_Message: { Header: signature === undefined ? { SessionID: sessionId } : { SessionID: sessionId, Signature: signature }, Body: body } };
}

export type BodyElement =
  | { readonly ok: true; readonly name: Iso2BodyName; readonly value: object; readonly sessionId: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/**
 * A received message is classified several times in one step (the SECC's root guards, then the raise), so the answer
 * is kept with the message; messages are never mutated once decoded.
 */
const classified = new WeakMap<Iso2Message, BodyElement>();

/** The one message a body carries; a body with none or several (schema-valid only for a lax decoder) is refused. */
export function bodyElement(message: Iso2Message): BodyElement {
  let element = classified.get(message);
  if (element === undefined) {
    element = classify(message);
    classified.set(message, element);
  }
  return element;
}

function classify(message: Iso2Message): BodyElement {
  const body = message.V2G_Message.Body as Record<string, unknown>;
  const names = Object.keys(body).filter((k) => body[k] !== undefined);
  if (names.length !== 1) return { ok: false, reason: `a V2G_Message Body must carry one message, this one carries ${names.length}` };
  const name = names[0];
  if (!/(Req|Res)$/.test(name)) return { ok: false, reason: `${name} is not an ISO 15118-2 message` };
  return { ok: true, name: name as Iso2BodyName, value: body[name] as object, sessionId: message.V2G_Message.Header.SessionID };
}
