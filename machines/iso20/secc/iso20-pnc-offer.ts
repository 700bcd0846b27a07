/**
 * Plug & Charge as a -20 SECC offers it: only over TLS and only where the station can check contracts (MO roots, a
 * contract backend), which the runner knows and the machine is told at its start. The GenChallenge is chosen by the
 * runner (random, 16 bytes) as the SessionID is, so the machine stays pure; it is this session's alone, and an
 * AuthorizationReq signing any other is WARNING_ChallengeInvalid [V2G20-2567].
 */
export interface Iso20PncOffer {
  /** The challenge of this session's AuthorizationSetupRes, 16 random bytes. */
  readonly genChallenge: Uint8Array;
  /** DER of the MO roots the station trusts: every contract chain must end at one. */
  readonly moRoots: readonly Uint8Array[];
  /** CertificateInstallationService: the backend can install a contract for the vehicle. */
  readonly certificateInstallation: boolean;
  /** ProviderIDs (eMSPs) the station accepts, where it names them. */
  readonly supportedProviders?: readonly string[];
}
