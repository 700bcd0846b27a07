/**
 * A ContractBackend of its own: the certificate provisioning service and contract authorization over a lab's PKI,
 * what the demo and the tests run in place of an operator's backend, and what a charger without one can run.
 *
 * get15118EvCertificate answers the EV's CertificateInstallationReq / CertificateUpdateReq of ISO 15118-2 and
 * CertificateInstallationReq of -20, the standard told by iso15118SchemaVersion (the session's message namespace). authorize follows OCPP 2.0.1 C07: a chain
 * sent along is verified against the MO roots and its revocation asked of its responders; OCSP hash data alone is
 * asked of the responders it names, the issuer found among the MO CAs this backend knows; then the eMAID must be a
 * contract in force. The pairs of certificateStatus and idTokenInfo.status are C07's (FR.13, FR.15, FR.17).
 */
import { PkiError } from '../errors.js';
import { certIdFromHashes, issuerHashesOf, OcspError, queryOcspByCertId } from '../ocsp/index.js';
import { pemToDerAll } from '../pem.js';
import type {
  AuthorizeCertificateStatus,
  AuthorizeRequest,
  AuthorizeResponse,
  ContractBackend,
  Get15118EvCertificateRequest,
  Get15118EvCertificateResponse,
  OcspRequestData,
} from './contract-backend.js';
import { normalizeEmaid, verifyContractChain } from './contract-chain.js';
import { abortable, checkContractRevocation, DEFAULT_REVOCATION_TIMEOUT_MS, type RevocationPolicy } from './contract-ocsp.js';
import { provisionIso2 } from './iso2-certificate-provisioning.js';
import { provisionIso20 } from './iso20-certificate-provisioning.js';
import type { ProvisioningConfig, ProvisioningFailure } from './provisioning.js';

export interface LocalContractBackendOptions extends Omit<ProvisioningConfig, 'contractFor' | 'contractActive' | 'revocation' | 'now'> {
  /** The eMAID each vehicle (by PCID, its OEM provisioning certificate's CN) gets at installation. */
  readonly contracts: ReadonlyMap<string, string>;
  /** The contracts in force, by eMAID (with or without separators): authorized, and updated on request. */
  readonly activeContracts: Iterable<string>;
  /**
   * The MO CAs below the roots whose certificates hash data may name as issuer (Sub-CA 1 and 2); the contract
   * authority's own chain is known without.
   */
  readonly moSubCas?: readonly Uint8Array[];
  /** Default: checked, with the default policy (contract-ocsp.ts). false: a lab without responders. */
  readonly revocation?: RevocationPolicy | false;
  readonly now?: () => Date;
}

const ISO2_NAMESPACE = 'urn:iso:15118:2:2013:MsgDef';
const ISO20_NAMESPACE_PREFIX = 'urn:iso:std:iso:15118:-20:';

export class LocalContractBackend implements ContractBackend {
  private readonly config: ProvisioningConfig;
  private readonly active: Set<string>;
  private readonly moCas: readonly Uint8Array[];

  constructor(options: LocalContractBackendOptions) {
    this.active = new Set([...options.activeContracts].map(normalizeEmaid));
    const contracts = new Map(options.contracts);
    this.config = {
      ...options,
      contractFor: (pcid) => contracts.get(pcid),
      contractActive: (emaid) => this.active.has(normalizeEmaid(emaid)),
      revocation: options.revocation ?? {},
      now: options.now ?? (() => new Date()),
    };
    this.moCas = [...options.moRoots, ...(options.moSubCas ?? [])];
  }

  /** Ends a contract: it is no longer authorized or updated (its certificate is revoked at the MO's CA, not here). */
  cancel(emaid: string): void {
    this.active.delete(normalizeEmaid(emaid));
  }

  async get15118EvCertificate(request: Get15118EvCertificateRequest, signal: AbortSignal): Promise<Get15118EvCertificateResponse> {
    signal.throwIfAborted();
    const exi = new Uint8Array(Buffer.from(request.exiRequest, 'base64'));
    let response: Get15118EvCertificateResponse;
    if (request.iso15118SchemaVersion === ISO2_NAMESPACE) response = await provisionIso2(request.action, exi, this.config, signal);
    // -20 installs only: an EV renews its contract by installing again. Its energy service's namespace names the
    // session as well as CommonMessages', where CertificateInstallationReq is declared.
    else if (request.iso15118SchemaVersion.startsWith(ISO20_NAMESPACE_PREFIX) && request.action === 'Install') response = await provisionIso20(exi, this.config, signal);
    else return { status: 'Failed', exiResponse: '' };
    signal.throwIfAborted();
    return response;
  }

  async authorize(request: AuthorizeRequest, signal: AbortSignal): Promise<AuthorizeResponse> {
    signal.throwIfAborted();
    const emaid = normalizeEmaid(request.idToken.idToken);
    let checked = false;
    if (request.certificate !== undefined) {
      const refusal = await this.checkChain(request.certificate, emaid, signal);
      if (refusal) return refusal;
      checked = true;
    } else if (request.iso15118CertificateHashData?.length) {
      const refusal = await this.checkHashData(request.iso15118CertificateHashData, signal);
      if (refusal) return refusal;
      checked = true;
    }
    signal.throwIfAborted();
    if (!this.active.has(emaid)) return { idTokenInfo: { status: 'Unknown' }, ...(checked ? { certificateStatus: 'ContractCancelled' as const } : {}) };
    return { idTokenInfo: { status: 'Accepted' }, ...(checked ? { certificateStatus: 'Accepted' as const } : {}) };
  }

  private async checkChain(pem: string, emaid: string, signal: AbortSignal): Promise<AuthorizeResponse | undefined> {
    let chain: Uint8Array[];
    try {
      chain = pemToDerAll('CERTIFICATE', pem, 'AuthorizeRequest.certificate');
    } catch (e) {
      if (e instanceof PkiError) return refused('FAILED_CertChainError');
      throw e;
    }
    const verdict = verifyContractChain(chain, this.config.moRoots, this.config.now());
    if (!verdict.ok) return refused(verdict.code);
    if (normalizeEmaid(verdict.emaid) !== emaid) return refused('FAILED_CertChainError');
    if (this.config.revocation === false) return undefined;
    const revocation = await checkContractRevocation(chain, this.config.moRoots, { ...this.config.revocation, signal, now: this.config.now() });
    return revocation.ok ? undefined : refused(revocation.code);
  }

  /**
   * Each certificate asked of the responder the data names; the response is verified against the issuer, found among
   * the MO CAs by the name and key hashes. An issuer this backend does not know is a chain it cannot verify.
   */
  private async checkHashData(data: readonly OcspRequestData[], signal: AbortSignal): Promise<AuthorizeResponse | undefined> {
    // Hash data is revocation data alone: the charger verified the chain. Without revocation checks, nothing to ask.
    if (this.config.revocation === false) return undefined;
    const policy = this.config.revocation;
    const timeoutMs = policy.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;
    const statuses = await abortable(
      Promise.all(
        data.map(async (entry) => {
          // From a charger's JSON: an algorithm outside OCPP's three names no certificate we can find.
          const issuer = Object.hasOwn(DIGESTS, entry.hashAlgorithm) ? this.moCas.find((der) => issuerMatches(der, entry)) : undefined;
          if (!issuer) return 'unknown' as const;
          const certId = certIdFromHashes(HASHES[entry.hashAlgorithm], hexBytes(entry.issuerNameHash), hexBytes(entry.issuerKeyHash), hexBytes(entry.serialNumber));
          try {
            return (await queryOcspByCertId({ certId, issuer, url: entry.responderURL, timeoutMs, now: this.config.now() })).status;
          } catch (e) {
            if (e instanceof OcspError) return 'unavailable' as const;
            throw e;
          }
        }),
      ),
      signal,
    );
    if (statuses.includes('revoked')) return refused('FAILED_CertificateRevoked');
    if (statuses.includes('unknown')) return refused('FAILED_CertChainError');
    if (statuses.includes('unavailable') && (policy.onUnavailable ?? 'reject') === 'reject') return refused('FAILED_CertChainError');
    return undefined;
  }
}

const HASHES = { SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512' } as const;
const DIGESTS = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' } as const;

function issuerMatches(der: Uint8Array, entry: OcspRequestData): boolean {
  const { nameHash, keyHash } = issuerHashesOf(der, DIGESTS[entry.hashAlgorithm]);
  const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
  return hex(nameHash) === entry.issuerNameHash.toLowerCase() && hex(keyHash) === entry.issuerKeyHash.toLowerCase();
}

/** OCPP 2.0.1 C07: a certificate refused is answered with its status and the token's, in these pairs. */
const REFUSALS: Readonly<Record<Exclude<ProvisioningFailure, 'FAILED_SignatureError' | 'FAILED_ContractCanceled'>, { status: AuthorizeResponse['idTokenInfo']['status']; certificate: AuthorizeCertificateStatus }>> = {
  FAILED_CertChainError: { status: 'Invalid', certificate: 'CertChainError' },
  FAILED_CertificateExpired: { status: 'Expired', certificate: 'CertificateExpired' },
  FAILED_NoCertificateAvailable: { status: 'Invalid', certificate: 'NoCertificateAvailable' },
  FAILED_CertificateRevoked: { status: 'Invalid', certificate: 'CertificateRevoked' },
};

function refused(code: keyof typeof REFUSALS): AuthorizeResponse {
  const { status, certificate } = REFUSALS[code];
  return { idTokenInfo: { status }, certificateStatus: certificate };
}

const hexBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
