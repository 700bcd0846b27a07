/**
 * What the -20 responses report of the EVSE: the notification the EV is to act on (EVSEStatus) and the meter
 * (MeterInfo, energy counted both ways in BPT).
 */
import type { SessionNotification } from '../../session/secc/evse-snapshot.js';
import type { MeterFacts } from '../iso20-loop-parts.js';
import type { NotificationFacts } from '../iso20-notifications.js';
import { isBidirectional } from '../iso20-services.js';
import type { Iso20AnswerContext } from './iso20-secc-context.js';

/**
 * The notification the EVSE asks for now: its -20 one, else DIN/-2's read as -20's (StopCharging as Terminate,
 * ReNegotiation as ScheduleRenegotiation, to act on at once), else a fault, which ends the charge (Terminate at once:
 * -20 has no EVSEStatusCode to report it by).
 */
export function requestedNotification(ctx: Pick<Iso20AnswerContext, 'evse'>): SessionNotification | undefined {
  const { evse } = ctx;
  if (evse.sessionNotification) return evse.sessionNotification;
  if (evse.fault !== undefined || evse.notification === 'StopCharging') return { kind: 'Terminate', maxDelayS: 0 };
  return evse.notification === 'ReNegotiation' ? { kind: 'ScheduleRenegotiation', maxDelayS: 0 } : undefined;
}

/** The EVSEStatus of a response: the requested notification, unless the EV has already acted on it. */
export function notificationFacts(ctx: Iso20AnswerContext): NotificationFacts | undefined {
  const requested = requestedNotification(ctx);
  if (requested === undefined || requested.kind === ctx.actedOn) return undefined;
  return { notification: requested.kind, maxDelayS: requested.maxDelayS };
}

/** MeterInfo: the station's meter, or the stage's own count under the EVSEID where it has none. */
export function meterFacts(ctx: Iso20AnswerContext, nowMs: number): MeterFacts {
  const bidirectional = ctx.selection !== undefined && isBidirectional(ctx.selection.service);
  return {
    meterId: ctx.evse.meterId ?? ctx.input.evseId,
    chargedWh: ctx.evse.meterWh,
    ...(bidirectional ? { dischargedWh: ctx.evse.meterReturnedWh ?? 0 } : {}),
    timestampS: Math.floor(nowMs / 1000),
  };
}
