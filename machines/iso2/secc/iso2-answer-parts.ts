/** The parts several ISO 15118-2 SECC handlers share: the answer and its minimal form, the payment options, MeterInfo. */
import type { BodyType, MeterInfoType, paymentOptionType, responseCodeType } from '../../../codecs/exi/generated/iso2.types.js';
import type { EvseStatus, PowerCommand } from '../../session/secc/evse-snapshot.js';
import { answerWith, type SeccAnswer } from '../../session/secc/secc-answer.js';
import type { SeccHandler } from '../../session/secc/secc-handlers.js';
import { failedResponse, type FailedResponseBasis } from '../failed-response.js';
import type { Iso2RequestName, Iso2ResponseName } from '../iso2-messages.js';
import type { Iso2AnswerContext, Iso2SeccFacts, Iso2SeccInput } from '../secc-context.js';

export const CHARGE_SERVICE_ID = 1;

export type Iso2Answer = SeccAnswer<Iso2SeccFacts>;
export type Iso2Handler<R extends Iso2RequestName> = SeccHandler<NonNullable<BodyType[R]>, Iso2AnswerContext, Iso2SeccFacts>;

export function respond<K extends Iso2ResponseName>(name: K, value: NonNullable<BodyType[K]>, commands?: readonly PowerCommand[]): Iso2Answer {
  return answerWith(name, value as { ResponseCode: responseCodeType }, commands === undefined ? {} : { commands });
}

/** The minimal response of `request`'s type with `code`: the refusals of handlers and of the kit. */
export function minimal(ctx: Pick<Iso2AnswerContext, 'input' | 'mode'>, request: Iso2RequestName, code: responseCodeType): Iso2Answer {
  return { body: failedResponse(request, code, basisOf(ctx)), code };
}

function basisOf(ctx: Pick<Iso2AnswerContext, 'input' | 'mode'>): FailedResponseBasis {
  return { evseId: ctx.input.evseId, mode: ctx.mode, energyTransferModes: ctx.input.energyTransferModes };
}

/** Contract only over TLS, which Plug & Charge needs; ExternalPayment when the deployment names nothing. */
export function offeredPaymentOptions(ctx: { readonly input: Iso2SeccInput }): paymentOptionType[] {
  const wanted = ctx.input.paymentOptions ?? ['ExternalPayment'];
  return wanted.filter((option) => option === 'ExternalPayment' || ctx.input.tls === true);
}

/**
 * Plug & Charge with a meter: the first charge loop response asks for a MeteringReceiptReq (ReceiptRequired), which the
 * EV signs with its contract key before its next request. Otherwise nothing.
 */
export function receiptRequest(ctx: Iso2AnswerContext, evse: EvseStatus): { readonly ReceiptRequired?: true } {
  return ctx.contract !== undefined && evse.meterId !== undefined && ctx.receipt === undefined ? { ReceiptRequired: true } : {};
}

/** The facts an answer that asked for a receipt leaves. */
export const RECEIPT_ASKED = { update: { receipt: 'asked' } } as const;

/** MeterInfo of a charge loop's response, where the station reads a meter with an ID; the reading in whole Wh. */
export function meterInfo(evse: EvseStatus): { MeterInfo?: MeterInfoType } {
  return evse.meterId === undefined ? {} : { MeterInfo: { MeterID: evse.meterId, MeterReading: BigInt(Math.round(evse.meterWh)) } };
}
