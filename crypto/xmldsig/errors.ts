/**
 * What is wrong with an XML Signature, named for the one who must fix the sender: a code to branch on, the place in
 * the message (`where`, a path such as `Header/Signature/SignedInfo/Reference[1]/DigestValue`) and the reason.
 * Verification reports these per reference and for the signature instead of throwing; signing throws them.
 */
export type XmlSignatureErrorCode =
  /** The message has no Header/Signature. */
  | 'noSignature'
  /** A Reference URI that is not a same-document `#Id` reference. */
  | 'badUri'
  /** A Reference whose `#Id` names no element of the message body. */
  | 'missingTarget'
  /** Two body elements with one Id: which one a reference means is ambiguous (xs:ID values are unique). */
  | 'duplicateId'
  /** A canonicalization, transform, digest or signature method this stack does not implement. */
  | 'unsupportedAlgorithm'
  /** A DigestValue or SignatureValue whose length does not fit its algorithm. */
  | 'badLength'
  /** The referenced element or SignedInfo does not encode as an EXI fragment. */
  | 'encoding'
  /** More references than any signed V2G message carries. */
  | 'tooManyReferences'
  /** Signing: the message is not one the standard signs, or an element to sign lacks its Id. */
  | 'notSignable'
  /** The key does not fit the standard's profile (curve) or the signature algorithm. */
  | 'badKey';

export class XmlSignatureError extends Error {
  override readonly name = 'XmlSignatureError';

  constructor(
    readonly code: XmlSignatureErrorCode,
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${where}: ${reason}`);
  }
}
