/**
 * What answers a Plug & Charge SECC's questions (machines/session/secc/contract-questions.ts) with a ContractBackend
 * (OCPP 2.0.1-shaped): a contract's revocation and authorization, and a certificate installation or update forwarded
 * as EXI (ISO 15118-2's V2G_Message, ISO 15118-20's CommonMessages). The machine already checked the chain against its MO roots; revocation is asked here, of each certificate's
 * OCSP responder (`revocation: 'local'`, the default) or left to the backend, which then gets the chain's OCSP data
 * in Authorize (iso15118CertificateHashData, `'backend'`).
 */
import { decode, encode, ExiError } from '../../codecs/exi/index.js';
import type { AuthorizeCertificateStatus, ContractBackend } from '../../crypto/backend/contract-backend.js';
import { checkContractRevocation, ocspRequestData, type RevocationPolicy } from '../../crypto/backend/contract-ocsp.js';
import type { CertificateQuestion, CertificateReply, ContractQuestion, ContractReply } from '../../machines/session/secc/contract-questions.js';
import type { Documents } from '../../codecs/exi/generated/documents.types.js';

export interface SeccContractService {
  contract(question: ContractQuestion, signal: AbortSignal): Promise<ContractReply>;
  certificate(question: CertificateQuestion, signal: AbortSignal): Promise<CertificateReply>;
}

export interface ContractServiceOptions {
  readonly backend: ContractBackend;
  /** DER of the MO roots the SECC trusts: the issuers of the chains' last certificates. */
  readonly moRoots: readonly Uint8Array[];
  /** Who asks the OCSP responders: the SECC ('local', default) or the backend. */
  readonly revocation?: 'local' | 'backend';
  readonly revocationPolicy?: RevocationPolicy;
}

/** Get15118EVCertificate's iso15118SchemaVersion: the namespace of the EV's message. */
const NAMESPACES = { iso2: 'urn:iso:15118:2:2013:MsgDef', 'iso20-common': 'urn:iso:std:iso:15118:-20:CommonMessages' } as const;

/** OCPP's certificate status as the PaymentDetailsRes code ISO 15118-2 gives the EV. */
const CERTIFICATE_CODES: Readonly<Record<AuthorizeCertificateStatus, string>> = {
  Accepted: 'OK',
  SignatureError: 'FAILED_SignatureError',
  CertificateExpired: 'FAILED_CertificateExpired',
  CertificateRevoked: 'FAILED_CertificateRevoked',
  NoCertificateAvailable: 'FAILED_NoCertificateAvailable',
  CertChainError: 'FAILED_CertChainError',
  ContractCancelled: 'FAILED_ContractCanceled',
};

export function contractService(options: ContractServiceOptions): SeccContractService {
  const { backend, moRoots } = options;
  const local = (options.revocation ?? 'local') === 'local';
  return {
    async contract(question, signal) {
      if (local) {
        const revocation = await checkContractRevocation(question.chain, moRoots, { ...options.revocationPolicy, signal });
        if (!revocation.ok) return { kind: 'contract', code: revocation.code, authorized: false, reason: revocation.reason };
      }
      const response = await backend.authorize(
        {
          idToken: { idToken: question.emaid, type: 'eMAID' },
          ...(local ? {} : { iso15118CertificateHashData: ocspRequestData(question.chain, moRoots) }),
        },
        signal,
      );
      const status = response.idTokenInfo.status;
      const code = CERTIFICATE_CODES[response.certificateStatus ?? 'Accepted'];
      const reason = code === 'OK' ? (status === 'Accepted' ? undefined : `the backend answered ${status}`) : `the backend answered ${response.certificateStatus}`;
      return { kind: 'contract', code, authorized: code === 'OK' && status === 'Accepted', ...(reason === undefined ? {} : { reason }) };
    },
    async certificate(question, signal) {
      const { schema, document } = question.message;
      const exiRequest = Buffer.from(encode(schema, document as Documents[typeof schema])).toString('base64');
      const response = await backend.get15118EvCertificate({ iso15118SchemaVersion: NAMESPACES[schema], action: question.action, exiRequest }, signal);
      if (response.exiResponse === '') return { kind: 'certificate', reason: `the backend answered ${response.status} without a response` };
      // What the backend sends is read like what a peer sends: one that does not decode is no answer, and the EV gets FAILED.
      let message: Documents[typeof schema];
      try {
        message = decode(schema, new Uint8Array(Buffer.from(response.exiResponse, 'base64')));
      } catch (e) {
        if (!(e instanceof ExiError)) throw e;
        return { kind: 'certificate', reason: `the backend's response does not decode: ${e.message}` };
      }
      if (schema === 'iso20-common') {
        if (!('CertificateInstallationRes' in message)) return { kind: 'certificate', reason: 'the backend answered with an EXI document that is no CertificateInstallationRes' };
        return { kind: 'certificate', body: message };
      }
      if (!('V2G_Message' in message)) return { kind: 'certificate', reason: 'the backend answered with an EXI document that is no V2G_Message' };
      const { Body: body, Header: header } = message.V2G_Message;
      return { kind: 'certificate', body, ...(header.Signature === undefined ? {} : { signature: header.Signature }) };
    },
  };
}
