/**
 * What the -20 SECC answers a Plug & Charge AuthorizationReq whose contract may not charge. The contract checks
 * (crypto/backend) and the backend's verdict speak ISO 15118-2's FAILED codes, which end a -2 session; -20 names
 * the same refusals WARNING_* (ISO 15118-20 §8.3.3.4, AuthorizationRes): the session goes on and the EV chooses
 * what next (EIM, or SessionStop). -20 has no code for a chain that does not verify to a trusted MO root, nor for an
 * eMAID the backend does not accept: WARNING_CertificateValidationError and WARNING_GeneralPnCAuthorizationError
 * are their nearest (decided without the standard's text).
 */
import type { responseCodeType } from '../../../codecs/exi/generated/iso20-types.types.js';
import type { ContractReply } from '../../session/secc/contract-questions.js';

const REFUSALS: Readonly<Record<string, responseCodeType>> = {
  FAILED_CertificateRevoked: 'WARNING_CertificateRevoked',
  FAILED_CertificateExpired: 'WARNING_CertificateExpired',
  FAILED_CertChainError: 'WARNING_CertificateValidationError',
  FAILED_NoCertificateAvailable: 'WARNING_CertificateValidationError',
  FAILED_SignatureError: 'WARNING_CertificateValidationError',
};

/** The -20 code of a contract check's or the backend's verdict; `notYetValid`: the chain failed on a notBefore. */
export function iso20ContractCode(reply: Pick<ContractReply, 'code' | 'authorized'>, notYetValid = false): responseCodeType {
  if (reply.code === 'OK') return reply.authorized ? 'OK' : 'WARNING_GeneralPnCAuthorizationError';
  if (notYetValid) return 'WARNING_CertificateNotYetValid';
  return REFUSALS[reply.code] ?? 'WARNING_GeneralPnCAuthorizationError';
}
