/**
 * AuthorizationReq in Plug & Charge: the EV signs PnC_AReqAuthorizationMode (this session's GenChallenge and its
 * contract chain) with its contract key. Checked here, at once and in this order: the signature by the contract leaf
 * over the mode element (FAILED_SignatureError, which ends the session), the challenge (WARNING_ChallengeInvalid),
 * the chain to the station's MO roots, its validity and eMAID (WARNING_Certificate*). What needs the outside world,
 * revocation and the backend's authorization, is asked once (`contract`), the EV told EVSEProcessing Ongoing until
 * the verdict comes; the verdict's code is then the answer. A WARNING leaves the EV its choice, nothing is authorized.
 */
import { X509Certificate } from 'node:crypto';
import type { AuthorizationReqType, PnC_AReqAuthorizationModeType } from '../../../codecs/exi/generated/iso20-common.types.js';
import type { responseCodeType } from '../../../codecs/exi/generated/iso20-types.types.js';
import { verifyContractChain } from '../../../crypto/backend/contract-chain.js';
import { verifyMessage } from '../../../crypto/xmldsig/verify.js';
import type { MessageContext } from '../iso20-header.js';
import { authorizationRes } from '../iso20-setup-messages.js';
import { iso20ContractCode } from './iso20-pnc-codes.js';
import type { Iso20PncOffer } from './iso20-pnc-offer.js';
import { answered, type Iso20Answer } from './iso20-secc-answer.js';
import type { Iso20AnswerContext } from './iso20-secc-context.js';

/** Leaf first, then its Sub-CAs, as the EV sent them. */
export function contractChainOf(mode: PnC_AReqAuthorizationModeType): Uint8Array[] {
  return [mode.ContractCertificateChain.Certificate, ...mode.ContractCertificateChain.SubCertificates.Certificate];
}

function refused(at: MessageContext, responseCode: responseCodeType): Iso20Answer {
  return answered(authorizationRes(at, { responseCode, processing: 'Finished' }), { route: 'refused' });
}

function signedByLeaf(req: AuthorizationReqType, leaf: Uint8Array): boolean {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(leaf);
  } catch {
    return false;
  }
  const result = verifyMessage('iso20-common', { AuthorizationReq: req }, certificate);
  return result.verified && result.unsigned.length === 0;
}

function notYetValid(chain: readonly Uint8Array[], at: Date): boolean {
  return chain.some((der) => {
    try {
      return new Date(new X509Certificate(der).validFrom) > at;
    } catch {
      return false;
    }
  });
}

export function pncAuthorization(ctx: Iso20AnswerContext, req: AuthorizationReqType, offer: Iso20PncOffer, at: MessageContext): Iso20Answer {
  const verdict = ctx.pending.contract;
  if (verdict === 'asked') return answered(authorizationRes(at, { responseCode: 'OK', processing: 'Ongoing' }), { processing: 'Ongoing' });
  if (verdict !== undefined) {
    const responseCode = iso20ContractCode(verdict);
    return responseCode === 'OK' ? answered(authorizationRes(at, { responseCode, processing: 'Finished' }), { processing: 'Finished' }) : refused(at, responseCode);
  }
  const mode = req.PnC_AReqAuthorizationMode;
  if (mode === undefined) return answered(authorizationRes(at, { responseCode: 'WARNING_AuthorizationSelectionInvalid', processing: 'Finished' }), { route: 'PnC' });
  const chain = contractChainOf(mode);
  if (!signedByLeaf(req, chain[0]!)) {
    return answered(authorizationRes(at, { responseCode: 'FAILED_SignatureError', processing: 'Finished' }));
  }
  if (!Buffer.from(mode.GenChallenge).equals(offer.genChallenge)) return refused(at, 'WARNING_ChallengeInvalid');
  const now = new Date(at.nowMs);
  const checked = verifyContractChain(chain, offer.moRoots, now, 'iso20');
  if (!checked.ok) return refused(at, iso20ContractCode({ code: checked.code, authorized: false }, notYetValid(chain, now)));
  return answered(authorizationRes(at, { responseCode: 'OK', processing: 'Ongoing' }), {
    processing: 'Ongoing',
    ask: { kind: 'contract', emaid: checked.emaid, chain },
  });
}
