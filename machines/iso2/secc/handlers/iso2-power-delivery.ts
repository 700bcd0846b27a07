/** PowerDeliveryReq: Start, Stop or Renegotiate, on the one schedule tuple offered. */
import { evseStatusField } from '../../evse-status.js';
import { OFFERED_SA_SCHEDULE_TUPLE_ID } from '../../schedule.js';
import { minimal, type Iso2Handler } from '../iso2-answer-parts.js';

export const handlePowerDelivery: Iso2Handler<'PowerDeliveryReq'> = (req, ctx) => {
  if (req.SAScheduleTupleID !== OFFERED_SA_SCHEDULE_TUPLE_ID) return minimal(ctx, 'PowerDeliveryReq', 'FAILED_TariffSelectionInvalid');
  const body = { PowerDeliveryRes: { ResponseCode: 'OK' as const, ...evseStatusField(ctx.mode, ctx.evse, ctx.renegotiationAnswered) } };
  const route = `${ctx.mode}.${req.ChargeProgress}`;
  switch (req.ChargeProgress) {
    case 'Start':
      return {
        body,
        code: 'OK',
        route,
        update: { renegotiating: false },
        // AC: the EVSE closes its contactor and lets the EV draw up to its limit; DC energy follows CurrentDemandReq.
        commands:
          ctx.mode === 'ac'
            ? [{ type: 'contactors', closed: true }, { type: 'deliver', voltage: ctx.evse.nominalVoltage, current: ctx.evse.maxCurrent }]
            : [],
      };
    case 'Stop':
      // DC keeps its contactors closed for WeldingDetection, which measures across the EV's opened ones.
      return { body, code: 'OK', route, commands: ctx.mode === 'ac' ? [{ type: 'stop' }, { type: 'contactors', closed: false }] : [{ type: 'stop' }] };
    case 'Renegotiate':
      return { body, code: 'OK', route: 'Renegotiate', update: { renegotiating: true, renegotiationAnswered: ctx.evse.notification === 'ReNegotiation' } };
  }
};
