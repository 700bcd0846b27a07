/**
 * What the -20 responses report of the EVSE: the notification the EV is to act on (EVSEStatus) and the meter
 * (MeterInfo, energy counted both ways in BPT).
 */
import type { SessionNotification } from '../../session/secc/evse-snapshot.js';
import type { MeterFacts } from '../iso20-loop-parts.js';
import { NOTIFICATION_MAX_DELAY_LIMIT_S, type NotificationFacts } from '../iso20-notifications.js';
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

/**
 * The EVSEStatus of a response: the requested notification, unless the EV has already acted on it; its delay within
 * NotificationMaxDelay's unsignedShort, whatever the EVSE reported.
 */
export function notificationFacts(ctx: Iso20AnswerContext): NotificationFacts | undefined {
  const requested = requestedNotification(ctx);
  if (requested === undefined || requested.kind === ctx.actedOn) return undefined;
  const delay = Number.isFinite(requested.maxDelayS) ? Math.round(requested.maxDelayS) : 0;
  return { notification: requested.kind, maxDelayS: Math.min(NOTIFICATION_MAX_DELAY_LIMIT_S, Math.max(0, delay)) };
}

/**
 * MeterInfo: the station's meter, or the stage's own count under the EVSEID where it has none. A register reads no
 * less than zero (the XSD's unsignedLong): a reading below is reported as zero.
 */
export function meterFacts(ctx: Iso20AnswerContext, nowMs: number): MeterFacts {
  const bidirectional = ctx.selection !== undefined && isBidirectional(ctx.selection.service);
  return {
    meterId: ctx.evse.meterId ?? ctx.input.evseId,
    chargedWh: Math.max(0, ctx.evse.meterWh),
    ...(bidirectional ? { dischargedWh: Math.max(0, ctx.evse.meterReturnedWh ?? 0) } : {}),
    timestampS: Math.floor(nowMs / 1000),
  };
}
