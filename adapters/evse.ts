/**
 * What an SECC session is given of the EVSE: one source of the whole snapshot it reads with each request
 * (machines/session/secc/evse-snapshot.ts: power electronics, the EVSE's own identification, the meter) and the power
 * stage it commands. The concerns are kept apart in adapters/evse/ (power electronics, metering, energy management;
 * authorization, asynchronous, whose backend the station is given beside this); a module that implements more than
 * one, as the simulators do, reports them in one snapshot, and separate parts are combined into one (composed-evse.ts),
 * so the session still takes one machine step per request.
 */
import type { Observable } from 'rxjs';
import type { EvseStatus } from '../machines/session/secc/evse-snapshot.js';
import type { PowerElectronics } from './evse/power-electronics.js';

export type { EvseNotification, EvseStatus, IsolationLevel, PowerCommand } from '../machines/session/secc/evse-snapshot.js';

export interface PowerModule extends PowerElectronics {
  /** The latest snapshot first, then each change. */
  readonly status$: Observable<EvseStatus>;
}
