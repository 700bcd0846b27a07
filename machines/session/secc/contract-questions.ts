/**
 * What a Plug & Charge SECC asks outside its session (secc-pending.ts): whether the contract the EV presented may charge
 * (its revocation and the backend's authorization), and the signed answer to a certificate installation or update,
 * which only the certificate provisioning service behind the backend can give. The runner answers both
 * (actors/session/secc-contract-service.ts).
 */

/** The contract the EV presented (-2 PaymentDetailsReq, -20 PnC AuthorizationReq), its chain already verified to a trusted MO root and valid now. */
export interface ContractQuestion {
  readonly kind: 'contract';
  readonly emaid: string;
  /** DER, leaf first, as the EV sent it. */
  readonly chain: readonly Uint8Array[];
}

export interface ContractReply {
  readonly kind: 'contract';
  /**
   * OK, or why the contract may not charge, in ISO 15118-2's words (PaymentDetailsRes): FAILED_CertificateRevoked,
   * FAILED_CertChainError (revocation could not be established), FAILED_CertificateExpired, FAILED_ContractCanceled,
   * FAILED_NoCertificateAvailable, FAILED. A -20 SECC says the same with -20's WARNING codes (iso20-pnc-codes.ts).
   */
  readonly code: string;
  /** The backend authorized the eMAID (OCPP idTokenInfo Accepted): AuthorizationRes is OK once the signature verifies. */
  readonly authorized: boolean;
  /** Why not, for the log. */
  readonly reason?: string;
}

/** A CertificateInstallationReq or (-2 only) CertificateUpdateReq, to forward as it came. */
export interface CertificateQuestion {
  readonly kind: 'certificate';
  readonly action: 'Install' | 'Update';
  /**
   * The EV's whole message in the session's schema: -2's V2G_Message (Header with its Signature, and Body), -20's
   * CertificateInstallationReq element (its own Header with the Signature).
   */
  readonly message: { readonly schema: 'iso2' | 'iso20-common'; readonly document: object };
}

export interface CertificateReply {
  readonly kind: 'certificate';
  /** The response the backend gave (-2: the V2G_Message's Body; -20: the document), signed; absent: none usable. */
  readonly body?: object;
  /** -2: its header's XML Signature by the provisioning service, which the EV verifies: forwarded as it came. */
  readonly signature?: object;
  readonly reason?: string;
}
