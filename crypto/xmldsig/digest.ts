/**
 * The bytes XML Signature over EXI hashes and signs: a referenced element encoded alone as an EXI fragment of its
 * message's schema, and SignedInfo encoded with the grammar of the xmldsig schema alone (the form every -2 signature
 * in the field verifies with; ISO 15118-2 7.9.2.4.2, Canonical EXI).
 */
import { createHash } from 'node:crypto';
import { encode, type EncodeQuirk, type SchemaName } from '../../codecs/exi/index.js';
import type { SignerHash } from '../signer.js';
import { XmlSignatureError } from './errors.js';
import type { SignatureSchema } from './signed-messages.js';

const fragmentSchema = (schema: SignatureSchema): SchemaName => `${schema}-fragment`;
const xmldsigSchema = (schema: SignatureSchema): SchemaName => `${schema}-xmldsig`;

/** The EXI fragment of one element (`{ name: value }`); `quirks` for the form of a peer's codec. */
export function elementFragment(schema: SignatureSchema, name: string, value: unknown, where: string, quirks?: readonly EncodeQuirk[]): Uint8Array {
  try {
    return encode(fragmentSchema(schema), { [name]: value } as never, quirks ? { quirks } : undefined);
  } catch (e) {
    throw new XmlSignatureError('encoding', where, `${name} does not encode as an EXI fragment of ${schema}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function signedInfoBytes(schema: SignatureSchema, signedInfo: unknown, where: string): Uint8Array {
  try {
    return encode(xmldsigSchema(schema), { SignedInfo: signedInfo } as never);
  } catch (e) {
    throw new XmlSignatureError('encoding', where, `SignedInfo does not encode with the xmldsig grammar: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function digest(hash: SignerHash, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(bytes).digest());
}
