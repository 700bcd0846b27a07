/** SessionStopReq: the output stops. */
import { respond } from '../din-answer-parts.js';
import type { DinHandler } from '../din-secc-facts.js';

export const handleSessionStop: DinHandler<'SessionStopReq'> = () => respond('SessionStopRes', { ResponseCode: 'OK' }, { commands: [{ type: 'stop' }] });
