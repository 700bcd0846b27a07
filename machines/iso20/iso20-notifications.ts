/**
 * EVSENotification: how the SECC asks the EV for something during the session, in the EVSEStatus of PowerDeliveryRes
 * and of the charge loop's responses, with NotificationMaxDelay, the seconds the EV has to act. -20 has no "None":
 * a response without EVSEStatus notifies nothing.
 *
 * What the EV does for each is the sequence of the standard's message clauses as the open stacks (Josev, EVerest
 * libiso15118) run them; ExitStandby and ScheduleRenegotiation are not run end to end by any of them and are decided
 * here without the standard's text, as the message definitions suggest (ChargeProgress Start after Standby;
 * ChargeProgress ScheduleRenegotiation, then ScheduleExchange).
 */
import type { EVSEStatusType, evseNotificationType } from '../../codecs/exi/generated/iso20-types.types.js';
import type { chargeProgressType, chargingSessionType } from '../../codecs/exi/generated/iso20-common.types.js';

export interface NotificationReaction {
  /** The ChargeProgress of the PowerDeliveryReq the EV sends next; absent: no PowerDelivery. */
  readonly powerDelivery?: chargeProgressType;
  /** The ChargingSession of the SessionStopReq that follows (after DC_WeldingDetection in DC). */
  readonly sessionStop?: chargingSessionType;
  /** The EV answers with a MeteringConfirmationReq (signed meter values, Plug & Charge) and stays in the loop. */
  readonly meteringConfirmation?: true;
}

export const NOTIFICATION_REACTIONS: Readonly<Record<evseNotificationType, NotificationReaction>> = {
  // The station pauses the session: energy off, SessionStop(Pause), the TCP connection closes, the SessionID is kept.
  Pause: { powerDelivery: 'Stop', sessionStop: 'Pause' },
  ExitStandby: { powerDelivery: 'Start' },
  Terminate: { powerDelivery: 'Stop', sessionStop: 'Terminate' },
  ScheduleRenegotiation: { powerDelivery: 'ScheduleRenegotiation' },
  // Energy off, SessionStop(ServiceRenegotiation), then ServiceDiscovery again on the same connection.
  ServiceRenegotiation: { powerDelivery: 'Stop', sessionStop: 'ServiceRenegotiation' },
  MeteringConfirmation: { meteringConfirmation: true },
};

/** NotificationMaxDelay is an unsignedShort of seconds. */
export const NOTIFICATION_MAX_DELAY_LIMIT_S = 65_535;

export interface NotificationFacts {
  readonly notification: evseNotificationType;
  /** Seconds the EV has to act on it. */
  readonly maxDelayS: number;
}

export function evseStatus(facts: NotificationFacts): EVSEStatusType {
  const delay = Math.round(facts.maxDelayS);
  if (!(delay >= 0 && delay <= NOTIFICATION_MAX_DELAY_LIMIT_S)) throw new RangeError(`NotificationMaxDelay ${facts.maxDelayS} s is not 0..${NOTIFICATION_MAX_DELAY_LIMIT_S}`);
  return { NotificationMaxDelay: delay, EVSENotification: facts.notification };
}

export function readEvseStatus(status: EVSEStatusType): NotificationFacts {
  return { notification: status.EVSENotification, maxDelayS: status.NotificationMaxDelay };
}

/** By when (milliseconds on the EV's clock) the EV must have acted on a notification received at `receivedAtMs`. */
export function notificationDeadlineMs(facts: NotificationFacts, receivedAtMs: number): number {
  return receivedAtMs + facts.maxDelayS * 1000;
}
