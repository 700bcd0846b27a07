/**
 * What the ISO 15118-20 EV does between two charge loop requests, decided once from what the EVSE said last and
 * what the EV wants, in this order:
 *
 * 1. The session's energy transfer ends (PowerDelivery(Stop), then SessionStop of the kind named): a stop the EVSE
 *    asked earlier (evseEnding), EVSENotification Terminate, Pause or ServiceRenegotiation, limits the EVSE cannot
 *    charge this vehicle with, the EV full or stopping, the EV's pause, the EV's service renegotiation (only where the
 *    station said it supports one in ServiceDiscoveryRes).
 * 2. EVSENotification ScheduleRenegotiation or the EV's wish: PowerDelivery(ScheduleRenegotiation).
 * 3. EVSENotification MeteringConfirmation, with a MeterInfo to confirm: MeteringConfirmationReq.
 * 4. Standby: the EV's wish enters it (PowerDelivery(Standby)); EVSENotification ExitStandby or the EV's wish
 *    withdrawn leaves it (PowerDelivery(Start)).
 * 5. Else the loop goes on.
 *
 * The notification is the last one not yet acted on (Iso20EvccContext.notification). The EV acts on it at the next
 * pause of the loop, within NotificationMaxDelay however short the SECC
 * makes it (a loop interval is well below a second). Pure, table-tested.
 */
import { evseShortfall } from '../../session/evse-limits.js';
import { chargingComplete } from '../../session/evcc/dc-request-fields.js';
import type { Iso20EvccContext, StopKind } from './iso20-evcc-context.js';

export type LoopDecision =
  | { readonly next: 'stop'; readonly kind: StopKind; /** Set when the EVSE ended the energy transfer. */ readonly evseEnding?: string }
  | { readonly next: 'scheduleRenegotiation' | 'meteringConfirmation' | 'standby' | 'exitStandby' | 'continue' };

type LoopFacts = Pick<Iso20EvccContext, 'evse' | 'evseEnding' | 'notification' | 'vehicle' | 'wishes' | 'standby' | 'meter' | 'serviceRenegotiationSupported'>;

const stop = (kind: StopKind, evseEnding?: string): LoopDecision => ({ next: 'stop', kind, ...(evseEnding === undefined ? {} : { evseEnding }) });

export function loopDecision(context: LoopFacts): LoopDecision {
  const notification = context.notification?.notification;
  if (context.evseEnding !== undefined) return stop('Terminate');
  if (notification === 'Terminate' || notification === 'Pause' || notification === 'ServiceRenegotiation') {
    return stop(notification, `EVSENotification ${notification} in ${context.notification!.in}`);
  }
  const shortfall = evseShortfall(context.evse.limits, context.vehicle);
  if (shortfall !== undefined) return stop('Terminate', `the EVSE cannot charge this vehicle: ${shortfall}`);
  if (context.vehicle.stopRequested || chargingComplete(context.vehicle)) return stop('Terminate');
  if (context.wishes.pause) return stop('Pause');
  if (context.wishes.serviceRenegotiation && context.serviceRenegotiationSupported) return stop('ServiceRenegotiation');
  if (notification === 'ScheduleRenegotiation' || context.wishes.scheduleRenegotiation) return { next: 'scheduleRenegotiation' };
  if (notification === 'MeteringConfirmation' && context.meter !== undefined) return { next: 'meteringConfirmation' };
  if (!context.standby && context.wishes.standby) return { next: 'standby' };
  if (context.standby && (notification === 'ExitStandby' || !context.wishes.standby)) return { next: 'exitStandby' };
  return { next: 'continue' };
}
