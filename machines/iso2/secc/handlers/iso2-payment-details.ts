/**
 * PaymentDetailsReq (Plug & Charge): the contract chain is checked here against the MO roots and at the session's
 * time (FAILED_CertChainError, FAILED_CertificateExpired), then outside (revocation, the backend's authorization of the
 * eMAID) while the EV waits: a deferred answer. Accepted: the GenChallenge AuthorizationReq must sign.
 */
import type { responseCodeType } from '../../../../codecs/exi/generated/iso2.types.js';
import { verifyContractChain } from '../../../../crypto/backend/contract-chain.js';
import { minimal, respond, type Iso2Handler } from '../iso2-answer-parts.js';

/** An eMAID as compared: without its optional separators, in capitals (ISO 15118-2 Annex H). */
function emaidKey(emaid: string): string {
  return emaid.replace(/[-*]/g, '').toUpperCase();
}

export const handlePaymentDetails: Iso2Handler<'PaymentDetailsReq'> = (req, ctx) => {
  const check = ctx.input.contracts;
  if (check === undefined) return minimal(ctx, 'PaymentDetailsReq', 'FAILED');
  const { Certificate, SubCertificates } = req.ContractSignatureCertChain;
  const chain = [Certificate, ...(SubCertificates?.Certificate ?? [])];
  const verdict = verifyContractChain(chain, check.moRoots, check.now);
  if (!verdict.ok) return minimal(ctx, 'PaymentDetailsReq', verdict.code);
  // The eMAID the EV names is its contract's, the leaf's CN.
  if (emaidKey(verdict.emaid) !== emaidKey(req.eMAID)) return minimal(ctx, 'PaymentDetailsReq', 'FAILED_CertChainError');
  const reply = ctx.pending.contract;
  if (reply === undefined || reply === 'asked') return { code: 'OK', body: {}, deferred: true, ask: { kind: 'contract', emaid: verdict.emaid, chain } };
  if (reply.code !== 'OK') return minimal(ctx, 'PaymentDetailsReq', reply.code as responseCodeType);
  return {
    ...respond('PaymentDetailsRes', { ResponseCode: 'OK', GenChallenge: check.genChallenge, EVSETimeStamp: BigInt(Math.floor(check.now.getTime() / 1000)) }),
    update: { contract: { emaid: verdict.emaid, chain } },
  };
};
