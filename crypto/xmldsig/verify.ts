/**
 * Verifies the XML Signature of a V2G message: each Reference's digest against the EXI fragment of the body element
 * its `#Id` names, and the SignatureValue over SignedInfo's xmldsig encoding with the signer's public key. Everything
 * wrong with the signature is a result, never an exception: per reference and for the signature, with a typed error
 * naming what and where.
 */
import { verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { CANONICAL_EXI, DIGESTS, SIGNATURES } from './algorithms.js';
import { COORDINATE_SIZE, curveOfOpenSslName } from '../ec-curves.js';
import { digest, elementFragment, signedInfoBytes } from './digest.js';
import { XmlSignatureError } from './errors.js';
import { idElements, messageParts, type Content } from './message.js';
import { standardOf, type SignatureSchema } from './signed-messages.js';

/** More than any signed V2G message carries (a -2 certificate response has 4, a tariff message one per schedule). */
export const MAX_REFERENCES = 16;

export interface ReferenceResult {
  readonly uri: string;
  /** The referenced element's name, where the message has it. */
  readonly element?: string;
  /** Whether the target is in the message (a re-sent stale signature references Ids that are not). */
  readonly present: boolean;
  readonly ok: boolean;
  /**
   * Set where the digest matched only in the typed fragment form of the field's generated C codec (the ISO-2 eMAID
   * of a peer on libcbv2g, codecs/exi/options.ts): read like the field, reported so the caller can warn.
   */
  readonly quirk?: 'cbv2gTypedFragmentRoot';
  readonly error?: XmlSignatureError;
}

export interface VerifyResult {
  readonly message: string;
  readonly references: readonly ReferenceResult[];
  readonly signature: boolean;
  readonly signatureError?: XmlSignatureError;
  /** Elements the standard signs in this message that no verified reference covers. */
  readonly unsigned: readonly string[];
  /** The signature and every reference whose target is in the message verify. */
  readonly verified: boolean;
}

const isRecord = (v: unknown): v is Content => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Checks an Algorithm attribute against the supported set; the error names where. */
function algorithm(v: unknown, where: string, supported: readonly string[]): XmlSignatureError | undefined {
  const uri = isRecord(v) ? v['@Algorithm'] : undefined;
  if (typeof uri === 'string' && supported.includes(uri)) return undefined;
  return new XmlSignatureError('unsupportedAlgorithm', `${where}/@Algorithm`, `${JSON.stringify(uri)} is not one of ${supported.join(', ')}`);
}

function checkReference(schema: SignatureSchema, reference: unknown, where: string, targets: ReturnType<typeof idElements>): ReferenceResult {
  const r = isRecord(reference) ? reference : {};
  const uri = typeof r['@URI'] === 'string' ? r['@URI'] : '';
  const fail = (error: XmlSignatureError, present: boolean, element?: string): ReferenceResult => ({ uri, element, present, ok: false, error });
  if (!uri.startsWith('#') || uri.length < 2) return fail(new XmlSignatureError('badUri', `${where}/@URI`, `${JSON.stringify(uri)} is not a same-document reference #Id`), false);
  const id = uri.slice(1);
  const target = targets.byId.get(id);
  if (!target) return fail(new XmlSignatureError('missingTarget', `${where}/@URI`, `no element of the message body has Id ${JSON.stringify(id)}`), false);
  if (targets.duplicates.has(id)) return fail(new XmlSignatureError('duplicateId', target.path, `Id ${JSON.stringify(id)} is used by more than one element`), true, target.name);

  const transforms = isRecord(r.Transforms) && Array.isArray(r.Transforms.Transform) ? r.Transforms.Transform : [];
  // [V2G2-767]: one Transform, Canonical EXI. Without one, the element's EXI fragment is what is hashed all the same.
  if (transforms.length > 1) return fail(new XmlSignatureError('unsupportedAlgorithm', `${where}/Transforms`, `${transforms.length} transforms, at most one (Canonical EXI)`), true, target.name);
  const badTransform = transforms.length ? algorithm(transforms[0], `${where}/Transforms/Transform[0]`, [CANONICAL_EXI]) : undefined;
  if (badTransform) return fail(badTransform, true, target.name);
  const badDigest = algorithm(r.DigestMethod, `${where}/DigestMethod`, Object.keys(DIGESTS));
  if (badDigest) return fail(badDigest, true, target.name);
  const method = DIGESTS[(r.DigestMethod as Content)['@Algorithm'] as string];
  const value = r.DigestValue;
  if (!(value instanceof Uint8Array) || value.length !== method.length) {
    const length = value instanceof Uint8Array ? value.length : 'no';
    return fail(new XmlSignatureError('badLength', `${where}/DigestValue`, `${length} bytes, the digest method's length is ${method.length}`), true, target.name);
  }
  try {
    const matches = (quirky: boolean): boolean => {
      const bytes = elementFragment(schema, target.name, target.value, target.path, quirky ? ['cbv2gTypedFragmentRoot'] : undefined);
      return Buffer.from(digest(method.hash, bytes)).equals(value);
    };
    if (matches(false)) return { uri, element: target.name, present: true, ok: true };
    if (matches(true)) return { uri, element: target.name, present: true, ok: true, quirk: 'cbv2gTypedFragmentRoot' };
    return { uri, element: target.name, present: true, ok: false };
  } catch (e) {
    if (e instanceof XmlSignatureError) return fail(e, true, target.name);
    throw e;
  }
}

/** The SignatureValue over SignedInfo: valid, invalid, or not checkable (an error naming why). */
function checkSignatureValue(schema: SignatureSchema, signature: Content, where: string, key: KeyObject): boolean | XmlSignatureError {
  const signedInfo = signature.SignedInfo;
  if (!isRecord(signedInfo)) return new XmlSignatureError('noSignature', where, 'no SignedInfo');
  const badC14n = algorithm(signedInfo.CanonicalizationMethod, `${where}/SignedInfo/CanonicalizationMethod`, [CANONICAL_EXI]);
  if (badC14n) return badC14n;
  const badMethod = algorithm(signedInfo.SignatureMethod, `${where}/SignedInfo/SignatureMethod`, Object.keys(SIGNATURES));
  if (badMethod) return badMethod;
  const { hash } = SIGNATURES[(signedInfo.SignatureMethod as Content)['@Algorithm'] as string];
  const curve = key.asymmetricKeyType === 'ec' ? curveOfOpenSslName(key.asymmetricKeyDetails?.namedCurve) : undefined;
  if (!curve) return new XmlSignatureError('badKey', 'key', `an ECDSA key on P-256 or P-521 verifies V2G signatures, not ${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim());
  const value = isRecord(signature.SignatureValue) ? signature.SignatureValue['#text'] : undefined;
  const expected = 2 * COORDINATE_SIZE[curve];
  if (!(value instanceof Uint8Array) || value.length !== expected) {
    return new XmlSignatureError('badLength', `${where}/SignatureValue`, `${value instanceof Uint8Array ? value.length : 'no'} bytes, r || s on ${curve} is ${expected}`);
  }
  const data = signedInfoBytes(schema, signedInfo, `${where}/SignedInfo`);
  return nodeVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, value);
}

/** Verifies `document`'s Header/Signature with the signer's key or certificate. */
export function verifyMessage(schema: SignatureSchema, document: unknown, signer: KeyObject | X509Certificate): VerifyResult {
  const parts = messageParts(schema, document);
  const where = `${parts.headerPath}/Signature`;
  const signature = parts.header.Signature;
  const entry = standardOf(schema).table.find((m) => m.message === parts.message);
  const expected = entry?.references ?? [];
  const failed = (error: XmlSignatureError): VerifyResult => ({ message: parts.message, references: [], signature: false, signatureError: error, unsigned: expected, verified: false });
  if (!isRecord(signature)) return failed(new XmlSignatureError('noSignature', where, `${parts.message} carries no signature`));
  const list = isRecord(signature.SignedInfo) && Array.isArray(signature.SignedInfo.Reference) ? signature.SignedInfo.Reference : [];
  if (list.length > MAX_REFERENCES) return failed(new XmlSignatureError('tooManyReferences', `${where}/SignedInfo`, `${list.length} references, at most ${MAX_REFERENCES}`));

  const targets = idElements(parts);
  const references = list.map((r, i) => checkReference(schema, r, `${where}/SignedInfo/Reference[${i}]`, targets));
  let outcome: boolean | XmlSignatureError;
  try {
    outcome = checkSignatureValue(schema, signature, where, signer instanceof X509Certificate ? signer.publicKey : signer);
  } catch (e) {
    if (!(e instanceof XmlSignatureError)) throw e;
    outcome = e;
  }
  const valid = outcome === true;
  const signatureError = outcome instanceof XmlSignatureError ? outcome : undefined;
  const covered = new Set(references.filter((r) => r.ok).map((r) => r.element));
  const unsigned = entry?.everyWithId
    ? [...targets.byId.values()].filter((t) => expected.includes(t.name) && !references.some((r) => r.ok && r.uri === `#${t.value['@Id'] as string}`)).map((t) => t.name)
    : expected.filter((name) => !covered.has(name));
  return {
    message: parts.message,
    references,
    signature: valid,
    ...(signatureError ? { signatureError } : {}),
    unsigned,
    verified: valid && references.every((r) => !r.present || r.ok),
  };
}
