/**
 * DC_CableCheckReq: the first starts the insulation test (contactors closed, test voltage at most the EV's maximum),
 * so its result cannot be this session's yet: Ongoing. Then Ongoing while the test runs, Finished once valid; a fault
 * is FAILED.
 */
import type { DC_CableCheckReqType } from '../../../../codecs/exi/generated/iso20-dc.types.js';
import { dcCableCheckRes } from '../../iso20-dc-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const DC_CableCheck: Iso20Handler<DC_CableCheckReqType> = (ctx, _req, received) => {
  const at = replyContext(ctx, received);
  const { evse } = ctx;
  if (!ctx.isolationCheckStarted) {
    const voltage = Math.min(ctx.evMaxVoltage ?? evse.maxVoltage, evse.maxVoltage);
    return answered(dcCableCheckRes(at, { responseCode: 'OK', processing: 'Ongoing' }), {
      processing: 'Ongoing',
      update: { isolationCheckStarted: true },
      commands: [{ type: 'contactors', closed: true }, { type: 'isolationCheck', voltage }],
    });
  }
  if (evse.isolation === 'Fault') return answered(dcCableCheckRes(at, { responseCode: 'FAILED', processing: 'Finished' }));
  const processing = evse.isolationCheckRunning || evse.isolation === 'Invalid' ? 'Ongoing' : 'Finished';
  return answered(dcCableCheckRes(at, { responseCode: 'OK', processing }), { processing });
};
