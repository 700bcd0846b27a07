/** CableCheckReq: contactors closed and the insulation test started by the first, Ongoing until its result is known. */
import { dcEvseStatus } from '../../evse-status.js';
import { respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handleCableCheck: Iso2Handler<'CableCheckReq'> = (_req, ctx) => {
  const status = dcEvseStatus(ctx.evse, ctx.renegotiationAnswered);
  if (!ctx.isolationCheckStarted) {
    // The first CableCheckReq starts the insulation test, so its result cannot be this session's yet: Ongoing.
    const voltage = Math.min(ctx.evMaxVoltage ?? ctx.evse.maxVoltage, ctx.evse.maxVoltage);
    return {
      ...respond('CableCheckRes', { ResponseCode: 'OK', DC_EVSEStatus: status, EVSEProcessing: 'Ongoing' }),
      processing: 'Ongoing',
      update: { isolationCheckStarted: true },
      commands: [{ type: 'contactors', closed: true }, { type: 'isolationCheck', voltage }],
    };
  }
  if (ctx.evse.isolation === 'Fault') {
    return respond('CableCheckRes', { ResponseCode: 'FAILED', DC_EVSEStatus: status, EVSEProcessing: 'Finished' });
  }
  const processing = ctx.evse.isolationCheckRunning || ctx.evse.isolation === 'Invalid' ? 'Ongoing' : 'Finished';
  return { ...respond('CableCheckRes', { ResponseCode: 'OK', DC_EVSEStatus: status, EVSEProcessing: processing }), processing };
};
