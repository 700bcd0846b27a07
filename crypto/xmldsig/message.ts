/**
 * The parts of a V2G document that XML Signature works on: the message's header (where the Signature lives), its
 * content, and the elements of the content that carry an `Id` (what a Reference URI `#Id` names). ISO-2 documents wrap
 * the message in V2G_Message/Body; ISO-20 documents are the message itself.
 */
import { XmlSignatureError } from './errors.js';
import type { SignatureSchema } from './signed-messages.js';

export type Content = Readonly<Record<string, unknown>>;

export interface MessageParts {
  readonly message: string;
  readonly header: Content;
  readonly content: Content;
  /** Path of the header, for error messages. */
  readonly headerPath: string;
}

const isRecord = (v: unknown): v is Content => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const only = (v: unknown, where: string): [string, Content] => {
  const keys = isRecord(v) ? Object.keys(v) : [];
  if (!isRecord(v) || keys.length !== 1 || !isRecord(v[keys[0]])) throw new XmlSignatureError('notSignable', where, 'expected one element');
  return [keys[0], v[keys[0]] as Content];
};

export function messageParts(schema: SignatureSchema, document: unknown): MessageParts {
  if (schema === 'iso2') {
    const [, v2g] = only(document, '');
    const header = v2g.Header;
    const [message, content] = only(v2g.Body, 'V2G_Message/Body');
    if (!isRecord(header)) throw new XmlSignatureError('notSignable', 'V2G_Message', 'no Header');
    return { message, header, content, headerPath: 'V2G_Message/Header' };
  }
  const [message, content] = only(document, '');
  if (!isRecord(content.Header)) throw new XmlSignatureError('notSignable', message, 'no Header');
  return { message, header: content.Header, content, headerPath: `${message}/Header` };
}

/** The same document with the message header's Signature replaced (or added): V2G_Message/Header or <Message>/Header. */
export function withSignature(document: unknown, signature: unknown): unknown {
  const [root, v] = only(document, '');
  return { [root]: { ...v, Header: { ...(v.Header as Content), Signature: signature } } };
}

export interface IdElement {
  readonly name: string;
  readonly value: Content;
  readonly path: string;
}

/**
 * Every element of the content (the message element itself included, under its own name) carrying an `@Id`, by Id.
 * A second element with the same Id is kept apart in `duplicates`: a reference to it is ambiguous.
 */
export function idElements(parts: MessageParts): { byId: Map<string, IdElement>; duplicates: Set<string> } {
  const byId = new Map<string, IdElement>();
  const duplicates = new Set<string>();
  const visit = (name: string, value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(name, item, `${path}[${i}]`));
      return;
    }
    if (!isRecord(value)) return;
    const id = value['@Id'];
    if (typeof id === 'string') {
      if (byId.has(id)) duplicates.add(id);
      else byId.set(id, { name, value, path });
    }
    for (const [key, child] of Object.entries(value)) if (key !== 'Header' || path !== parts.message) visit(key, child, `${path}/${key}`);
  };
  visit(parts.message, parts.content, parts.message);
  return { byId, duplicates };
}

/** The value at a path of element names below the content, where every step is present. */
export function at(content: Content, path: readonly string[]): unknown {
  let v: unknown = content;
  for (const step of path) v = isRecord(v) ? v[step] : undefined;
  return v;
}
