/**
 * What a Plug & Charge SECC asks outside its session (secc-pending.ts): whether the contract the EV presented may charge
 * (its revocation and the backend's authorization), and the signed answer to a certificate installation or update,
 * which only the certificate provisioning service behind the backend can give. The runner answers both
 * (actors/session/secc-contract-service.ts).
 */

/** PaymentDetailsReq's contract, its chain already verified to a trusted MO root and valid now. */
export interface ContractQuestion {
  readonly kind: 'contract';
  readonly emaid: string;
  /** DER, leaf first, as the EV sent it. */
  readonly chain: readonly Uint8Array[];
}

export interface ContractReply {
  readonly kind: 'contract';
  /**
   * PaymentDetailsRes's ResponseCode: OK, or why the contract may not charge: FAILED_CertificateRevoked,
   * FAILED_CertChainError (revocation could not be established), FAILED_CertificateExpired, FAILED_ContractCanceled,
   * FAILED_NoCertificateAvailable, FAILED.
   */
  readonly code: string;
  /** The backend authorized the eMAID (OCPP idTokenInfo Accepted): AuthorizationRes is OK once the signature verifies. */
  readonly authorized: boolean;
  /** Why not, for the log. */
  readonly reason?: string;
}

/** A CertificateInstallationReq or CertificateUpdateReq, to forward as it came. */
export interface CertificateQuestion {
  readonly kind: 'certificate';
  readonly action: 'Install' | 'Update';
  /** The EV's whole message (Header with its Signature, and Body), in the session's schema. */
  readonly message: { readonly schema: 'iso2'; readonly document: object };
}

export interface CertificateReply {
  readonly kind: 'certificate';
  /** The response body the backend gave (the signed CertificateInstallationRes/UpdateRes); absent: none usable. */
  readonly body?: object;
  /** Its header's XML Signature by the provisioning service, which the EV verifies: forwarded as it came. */
  readonly signature?: object;
  readonly reason?: string;
}
