/** SessionStopReq: Terminate or Pause (the route), the output stopped and opened. */
import { respond, type Iso2Handler } from '../iso2-answer-parts.js';

export const handleSessionStop: Iso2Handler<'SessionStopReq'> = (req) => ({
  ...respond('SessionStopRes', { ResponseCode: 'OK' }),
  route: req.ChargingSession,
  commands: [{ type: 'stop' }, { type: 'contactors', closed: false }],
});
