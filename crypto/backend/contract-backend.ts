/**
 * What an SECC asks the charge point operator's backend during Plug & Charge. The shapes are OCPP 2.0.1's
 * Get15118EVCertificate (the EV's CertificateInstallationReq/UpdateReq in as EXI, the signed Res out as EXI, both
 * base64) and Authorize with iso15118CertificateHashData, so a charger's OCPP client can serve this interface
 * unchanged by forwarding the payloads; the local provisioning service over the test PKI serves the demo and tests.
 */

/** OCPP 2.0.1 Get15118EVCertificateRequest. */
export interface Get15118EvCertificateRequest {
  /** The schema namespace of the EV's message (e.g. `urn:iso:15118:2:2013:MsgDef`). */
  readonly iso15118SchemaVersion: string;
  readonly action: 'Install' | 'Update';
  /** base64 EXI of CertificateInstallationReq/UpdateReq's V2G_Message. */
  readonly exiRequest: string;
}

/**
 * OCPP 2.0.1 Get15118EVCertificateResponse. Accepted: the signed Res with ResponseCode OK, to forward to the EV as it
 * is. Failed: where the EV's request could be read, the Res carrying the code the EV is to get (FAILED_SignatureError,
 * FAILED_NoCertificateAvailable, FAILED_CertChainError, FAILED_CertificateExpired, FAILED_CertificateRevoked,
 * FAILED_ContractCanceled; unsigned, its other fields only the mandatory ones), else '' and the SECC answers FAILED.
 */
export interface Get15118EvCertificateResponse {
  readonly status: 'Accepted' | 'Failed';
  /** base64 EXI V2G_Message with the Res. */
  readonly exiResponse: string;
}

/** OCPP 2.0.1 OCSPRequestDataType: one certificate of a contract chain, named by its CertID (RFC 6960 §4.1.1). */
export interface OcspRequestData {
  readonly hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  /** Hex of the hash of the issuer's subject name (DER). */
  readonly issuerNameHash: string;
  /** Hex of the hash of the issuer's public key (the subjectPublicKey BIT STRING's value). */
  readonly issuerKeyHash: string;
  /** Hex of the certificate's serial number. */
  readonly serialNumber: string;
  readonly responderURL: string;
}

/** OCPP 2.0.1 AuthorizeRequest as an SECC sends it for a contract (Plug & Charge). */
export interface AuthorizeRequest {
  readonly idToken: { readonly idToken: string; readonly type: 'eMAID' };
  /** PEM chain, leaf first: sent where the charger cannot check the chain itself. */
  readonly certificate?: string;
  /** The chain's OCSP data: sent where the charger validated the chain but leaves revocation to the backend. */
  readonly iso15118CertificateHashData?: readonly OcspRequestData[];
}

/** OCPP 2.0.1 AuthorizeCertificateStatusEnumType. */
export type AuthorizeCertificateStatus =
  | 'Accepted'
  | 'SignatureError'
  | 'CertificateExpired'
  | 'CertificateRevoked'
  | 'NoCertificateAvailable'
  | 'CertChainError'
  | 'ContractCancelled';

/** OCPP 2.0.1 AuthorizeResponse. */
export interface AuthorizeResponse {
  readonly idTokenInfo: {
    readonly status:
      | 'Accepted'
      | 'Blocked'
      | 'ConcurrentTx'
      | 'Expired'
      | 'Invalid'
      | 'NoCredit'
      | 'NotAllowedTypeEVSE'
      | 'NotAtThisLocation'
      | 'NotAtThisTime'
      | 'Unknown';
  };
  readonly certificateStatus?: AuthorizeCertificateStatus;
}

/**
 * The backend an SECC waits on. Both calls are async and may take seconds (an OCPP round trip); `signal` aborts them
 * when the session no longer needs the answer (its timer ran out, the EV left), and an implementation then rejects
 * promptly with the signal's reason.
 */
export interface ContractBackend {
  get15118EvCertificate(request: Get15118EvCertificateRequest, signal: AbortSignal): Promise<Get15118EvCertificateResponse>;
  authorize(request: AuthorizeRequest, signal: AbortSignal): Promise<AuthorizeResponse>;
}
