/** The signer's certificate where the signed message carries it (the leaf of the chain the table names). */
import { X509Certificate } from 'node:crypto';
import { XmlSignatureError } from './errors.js';
import { at, messageParts } from './message.js';
import { standardOf, type SignatureSchema } from './signed-messages.js';

/** The certificate, undefined where the message does not carry one; an XmlSignatureError where it is not DER X.509. */
export function signerCertificate(schema: SignatureSchema, document: unknown): X509Certificate | undefined {
  const parts = messageParts(schema, document);
  const path = standardOf(schema).table.find((m) => m.message === parts.message)?.signerCertificate;
  const der = path ? at(parts.content, path) : undefined;
  if (!path || !(der instanceof Uint8Array)) return undefined;
  try {
    return new X509Certificate(der);
  } catch (e) {
    throw new XmlSignatureError('badKey', `${parts.message}/${path.join('/')}`, `not a DER X.509 certificate: ${e instanceof Error ? e.message : String(e)}`);
  }
}
