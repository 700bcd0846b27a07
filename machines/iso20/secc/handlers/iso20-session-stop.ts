/**
 * SessionStopReq: Terminate ends the session; Pause keeps its SessionID for OK_OldSessionJoined (FAILED_PauseNotAllowed
 * where the deployment forbids it); ServiceRenegotiation goes back to ServiceDiscovery on the same connection
 * (FAILED_NoServiceRenegotiationSupported where not offered). The output is made safe either way. Route: the
 * ChargingSession, on an OK answer only.
 */
import type { SessionStopReqType } from '../../../../codecs/exi/generated/iso20-common.types.js';
import { readSessionStopReq, sessionStopRes } from '../../iso20-setup-messages.js';
import { answered, replyContext, type Iso20Handler } from '../iso20-secc-answer.js';

export const SessionStop: Iso20Handler<SessionStopReqType> = (ctx, req, received) => {
  const at = replyContext(ctx, received);
  const { chargingSession } = readSessionStopReq(req);
  if (chargingSession === 'Pause' && ctx.input.pauseAllowed === false) return answered(sessionStopRes(at, { responseCode: 'FAILED_PauseNotAllowed' }));
  if (chargingSession === 'ServiceRenegotiation' && ctx.input.serviceRenegotiationSupported === false) {
    return answered(sessionStopRes(at, { responseCode: 'FAILED_NoServiceRenegotiationSupported' }));
  }
  return answered(sessionStopRes(at, { responseCode: 'OK' }), {
    route: chargingSession,
    // The EVSE's ServiceRenegotiation is done once the new service runs: not shown again while it still reports it.
    ...(chargingSession === 'ServiceRenegotiation' ? { update: { actedOn: 'ServiceRenegotiation' as const } } : {}),
    commands: [{ type: 'stop' }, { type: 'contactors', closed: false }],
  });
};
