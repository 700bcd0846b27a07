/**
 * Signs a V2G message the way its standard prescribes: one Reference per signed body element (by its Id, digested as
 * an EXI fragment), SignedInfo encoded with the xmldsig grammar and signed by an EcdsaSigner, so a key on a token
 * signs exactly like one in memory. The result is the same document with Header/Signature set.
 */
import { CANONICAL_EXI, DIGESTS, SIGNATURES } from './algorithms.js';
import type { EcdsaSigner } from '../signer.js';
import { digest, elementFragment, signedInfoBytes } from './digest.js';
import { XmlSignatureError } from './errors.js';
import { idElements, messageParts, withSignature, type IdElement } from './message.js';
import { standardOf, type SignatureSchema } from './signed-messages.js';

/** The elements a message's signature covers, in the table's order; each must carry its Id. */
export function elementsToSign(schema: SignatureSchema, document: unknown): IdElement[] {
  const parts = messageParts(schema, document);
  const entry = standardOf(schema).table.find((m) => m.message === parts.message);
  if (!entry) throw new XmlSignatureError('notSignable', parts.message, `${schema} does not sign ${parts.message}`);
  const { byId, duplicates } = idElements(parts);
  if (duplicates.size) throw new XmlSignatureError('duplicateId', parts.message, `Id ${[...duplicates][0]} is used twice`);
  const found = [...byId.values()];
  const elements = entry.references.flatMap((name) => found.filter((e) => e.name === name));
  for (const name of entry.everyWithId ? [] : entry.references) {
    if (elements.filter((e) => e.name === name).length !== 1) throw new XmlSignatureError('notSignable', parts.message, `${name} with an Id attribute is what ${parts.message} signs, once; found ${elements.filter((e) => e.name === name).length}`);
  }
  if (elements.length === 0) throw new XmlSignatureError('notSignable', parts.message, `no ${entry.references.join(' or ')} with an Id attribute to sign`);
  return elements;
}

/** The document with its Header/Signature over the standard's elements. */
export async function signMessage<D>(schema: SignatureSchema, document: D, signer: EcdsaSigner): Promise<D> {
  const { profile } = standardOf(schema);
  if (signer.curve !== profile.curve) throw new XmlSignatureError('badKey', 'signer', `${schema} signatures use ${profile.curve}, the signer's key is on ${signer.curve}`);
  const { hash } = DIGESTS[profile.digest];
  const references = elementsToSign(schema, document).map((e) => ({
    '@URI': `#${e.value['@Id'] as string}`,
    Transforms: { Transform: [{ '@Algorithm': CANONICAL_EXI }] },
    DigestMethod: { '@Algorithm': profile.digest },
    DigestValue: digest(hash, elementFragment(schema, e.name, e.value, e.path)),
  }));
  const signedInfo = {
    CanonicalizationMethod: { '@Algorithm': CANONICAL_EXI },
    SignatureMethod: { '@Algorithm': profile.signature },
    Reference: references,
  };
  const value = await signer.sign(signedInfoBytes(schema, signedInfo, 'SignedInfo'), SIGNATURES[profile.signature].hash);
  return withSignature(document, { SignedInfo: signedInfo, SignatureValue: { '#text': value } }) as D;
}
