/** PowerDeliveryReq: ReadyToChargeState=true closes the contactors once and starts the charge loop, =false ends it. */
import type { PowerCommand } from '../../../session/secc/evse-snapshot.js';
import { respond, status } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

/** The output off and open, after PowerDelivery(ReadyToChargeState=false). */
const STOP_AND_OPEN: readonly PowerCommand[] = [{ type: 'stop' }, { type: 'contactors', closed: false }];

export const handlePowerDelivery: DinHandler<'PowerDeliveryReq'> = (req, c) => {
  const element = { ResponseCode: 'OK', DC_EVSEStatus: status(c) } as const;
  if (!req.ReadyToChargeState) return respond('PowerDeliveryRes', element, { route: 'Stop', update: { contactorsClosed: false }, commands: STOP_AND_OPEN });
  if (c.contactorsClosed) return respond('PowerDeliveryRes', element, { route: 'Start' });
  return respond('PowerDeliveryRes', element, { route: 'Start', update: { contactorsClosed: true }, commands: [{ type: 'contactors', closed: true }] });
};
