/**
 * ScheduleExchangeReq: the site's energy manager plans the session (secc-pending.ts `schedule`), asked on the first
 * request and again after PowerDelivery(ScheduleRenegotiation); until its plan comes the EV is told Ongoing and asks
 * again. Scheduled: the ScheduleTuples (at most MaximumSupportingPoints entries each) the EV picks from; Dynamic: the
 * departure time and SoC bounds the SECC steers to. A request in the other control mode than the selected parameter
 * set's is FAILED.
 */
import type { ScheduleExchangeReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import type { EnergyPlan } from '../../../session/secc/secc-pending.js';
import { placeholderScheduleControl, readScheduleExchangeReq, scheduleExchangeRes, type ScheduleResControlFacts } from '../../iso20-schedule-exchange.js';
import { isDcService } from '../../iso20-services.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';
import { flatPlan, scheduleQuestion } from '../iso20-plan.js';

export const ScheduleExchange: Iso20Handler<ScheduleExchangeReqType> = (ctx, req, received) => {
  const at = replyContext(ctx, received);
  const nowS = Math.floor(received.nowMs / 1000);
  const { selection } = ctx;
  const ev = readScheduleExchangeReq(req);
  if (selection === undefined || ev.control === undefined || ev.control.mode !== selection.control) {
    const mode = ev.control?.mode ?? selection?.control ?? 'Scheduled';
    return answered(scheduleExchangeRes(at, { responseCode: 'FAILED', processing: 'Finished', control: placeholderScheduleControl(mode, nowS) }));
  }
  const q = ev.control.quantities;
  const question = scheduleQuestion(
    ctx,
    selection,
    {
      maxEntries: ev.maximumSupportingPoints,
      ...(ev.control.departureTime === undefined ? {} : { departureS: ev.control.departureTime }),
      ...(q.TargetEnergyRequest === undefined ? {} : { targetEnergy: q.TargetEnergyRequest }),
      ...(q.MaximumEnergyRequest === undefined ? {} : { maximumEnergy: q.MaximumEnergyRequest }),
      ...(q.MinimumEnergyRequest === undefined ? {} : { minimumEnergy: q.MinimumEnergyRequest }),
    },
    received.nowMs,
  );
  const asking = ctx.renegotiating && !ctx.replanned;
  const reply = ctx.pending.schedule;
  if (asking || reply === undefined || reply === 'asked') {
    const ongoing = scheduleExchangeRes(at, { responseCode: 'OK', processing: 'Ongoing', control: placeholderScheduleControl(selection.control, nowS) });
    return answered(ongoing, { processing: 'Ongoing', ask: question, ...(asking ? { askAgain: true, update: { replanned: true } } : {}) });
  }
  const plan = reply.plan?.control === selection.control ? reply.plan : flatPlan(question);
  const route = ctx.renegotiating ? 'renegotiated' : isDcService(selection.service) ? 'dc' : 'ac';
  const document = scheduleExchangeRes(at, { responseCode: 'OK', processing: 'Finished', control: offeredControl(plan, ev.maximumSupportingPoints) });
  return answered(document, { processing: 'Finished', route, update: { plan, renegotiating: false, replanned: false } });
};

/** The plan as the response offers it: each schedule cut to the entries the EV takes. */
function offeredControl(plan: EnergyPlan, maxEntries: number): ScheduleResControlFacts {
  if (plan.control === 'Dynamic') {
    return {
      mode: 'Dynamic',
      ...(plan.departureS === undefined ? {} : { departureTime: plan.departureS }),
      ...(plan.minimumSoc === undefined ? {} : { minimumSoc: plan.minimumSoc }),
      ...(plan.targetSoc === undefined ? {} : { targetSoc: plan.targetSoc }),
      ...(plan.price === undefined ? {} : { price: plan.price }),
    };
  }
  const cut = <S extends { readonly power: { readonly entries: readonly unknown[] } }>(schedule: S): S => ({
    ...schedule,
    power: { ...schedule.power, entries: schedule.power.entries.slice(0, maxEntries) },
  });
  return {
    mode: 'Scheduled',
    tuples: plan.tuples.slice(0, 3).map((t) => ({ ...t, charging: cut(t.charging), ...(t.discharging ? { discharging: cut(t.discharging) } : {}) })),
  };
}
