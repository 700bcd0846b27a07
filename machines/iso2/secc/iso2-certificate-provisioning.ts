/**
 * CertificateInstallationReq and CertificateUpdateReq: only the certificate provisioning service behind the backend
 * can answer them (a new contract, its key encrypted for the EV, signed by the CPS), so the SECC forwards the EV's
 * message as it came and answers with what comes back: a deferred answer, bounded by V2G_SECC_Msg_Performance_Time.
 */
import type { responseCodeType } from '../../../codecs/exi/generated/iso2.types.js';
import type { SeccRequestHeader } from '../../session/secc/secc-answer.js';
import type { Iso2AnswerContext } from '../secc-context.js';
import { minimal, type Iso2Answer } from './iso2-answer-parts.js';
import { receivedMessage } from './iso2-contract-signature.js';

type CertificateRequest = 'CertificateInstallationReq' | 'CertificateUpdateReq';

const ACTIONS = { CertificateInstallationReq: 'Install', CertificateUpdateReq: 'Update' } as const;
const RESPONSES = { CertificateInstallationReq: 'CertificateInstallationRes', CertificateUpdateReq: 'CertificateUpdateRes' } as const;

export function certificateAnswer(name: CertificateRequest, request: object, ctx: Iso2AnswerContext, header: SeccRequestHeader): Iso2Answer {
  const reply = ctx.pending.certificate;
  if (reply === undefined || reply === 'asked') {
    const message = { schema: 'iso2', document: receivedMessage(name, request, header) } as const;
    return { code: 'OK', body: {}, deferred: true, ask: { kind: 'certificate', action: ACTIONS[name], message } };
  }
  const element = (reply.body as Record<string, { ResponseCode?: responseCodeType } | undefined> | undefined)?.[RESPONSES[name]];
  if (element?.ResponseCode === undefined) return minimal(ctx, name, 'FAILED');
  return { body: reply.body!, code: element.ResponseCode, ...(reply.signature === undefined ? {} : { signature: reply.signature }) };
}
