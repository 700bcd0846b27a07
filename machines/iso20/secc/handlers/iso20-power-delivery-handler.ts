/**
 * PowerDeliveryReq. EVProcessing=Ongoing: the EV is still preparing; answered, nothing changes. Start: Scheduled, the
 * EV's profile names a tuple of the plan (else FAILED_ScheduleSelectionInvalid); a BPT channel on a service without BPT
 * is FAILED_PowerDeliveryNotApplied; it also ends Standby (ExitStandby). Stop: energy off (DC keeps its contactors
 * closed for DC_WeldingDetection). Standby: energy off, the loop goes on (WARNING_StandbyNotAllowed where the
 * deployment forbids it, and energy keeps flowing). ScheduleRenegotiation: a new plan by ScheduleExchange.
 * Routes: `Start` (Start, Standby), `<ac|dc>.Stop`, `ScheduleRenegotiation` and `Ongoing`.
 */
import type { PowerDeliveryReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import type { PowerCommand } from '../../../session/secc/evse-snapshot.js';
import { powerDeliveryRes, readPowerDeliveryReq } from '../../iso20-power-delivery.js';
import { isBidirectional, isDcService } from '../../iso20-services.js';
import { answered, replyContext, type Iso20Answer, type Iso20Handler } from '../iso20-secc-answer.js';
import { notificationFacts } from '../iso20-evse-facts.js';

export const PowerDelivery: Iso20Handler<PowerDeliveryReqType> = (ctx, req, received) => {
  const at = replyContext(ctx, received);
  const ev = readPowerDeliveryReq(req);
  const selection = ctx.selection;
  const notification = notificationFacts(ctx);
  const reply = (responseCode: 'OK' | 'WARNING_StandbyNotAllowed' | 'FAILED_ScheduleSelectionInvalid' | 'FAILED_PowerDeliveryNotApplied', more: Omit<Iso20Answer, 'code' | 'body'> = {}) =>
    answered(powerDeliveryRes(at, { responseCode, ...(notification ? { notification } : {}) }), more);
  if (selection === undefined) return reply('FAILED_PowerDeliveryNotApplied');
  if (ev.processing === 'Ongoing') return reply('OK', { route: 'Ongoing' });
  const mode = isDcService(selection.service) ? 'dc' : 'ac';
  const stop: PowerCommand[] = mode === 'ac' ? [{ type: 'stop' }, { type: 'contactors', closed: false }] : [{ type: 'stop' }];
  switch (ev.progress) {
    case 'Start': {
      const profile = ev.profile?.control;
      const tupleId = profile?.mode === 'Scheduled' ? profile.selectedScheduleTupleId : undefined;
      const plan = ctx.plan;
      if (selection.control === 'Scheduled' && (plan?.control !== 'Scheduled' || !plan.tuples.some((t) => t.id === tupleId))) {
        return reply('FAILED_ScheduleSelectionInvalid');
      }
      if (ev.channel === 'Discharge' && !isBidirectional(selection.service)) return reply('FAILED_PowerDeliveryNotApplied');
      return reply('OK', {
        route: 'Start',
        update: {
          standby: false,
          channel: ev.channel ?? 'Charge',
          ...(tupleId === undefined ? {} : { scheduleTupleId: tupleId }),
          ...(ctx.standby ? { actedOn: 'ExitStandby' as const } : {}),
        },
        // AC: the station closes its contactor; the energy follows each AC_ChargeLoopReq, as DC's follows DC_ChargeLoopReq.
        commands: mode === 'ac' ? [{ type: 'contactors', closed: true }] : [],
      });
    }
    case 'Stop':
      return reply('OK', { route: `${mode}.Stop`, commands: stop });
    case 'Standby':
      if (ctx.input.standbyAllowed === false) return reply('WARNING_StandbyNotAllowed', { route: 'Start' });
      return reply('OK', { route: 'Start', update: { standby: true }, commands: [{ type: 'stop' }] });
    case 'ScheduleRenegotiation':
      return reply('OK', { route: 'ScheduleRenegotiation', update: { renegotiating: true, replanned: false, actedOn: 'ScheduleRenegotiation' } });
  }
};
