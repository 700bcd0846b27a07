/**
 * The EVSE side's boundary to its meter. A charger's meter is a device of its own beside the power stage (calibrated,
 * often signing its readings for billing), so a station reads it apart from the power electronics; the SECC reports
 * its reading to the EV (MeterInfo, ISO 15118-2 §8.5.2.27) from the snapshot it composes (composed-evse.ts).
 */
import type { Observable } from 'rxjs';
import type { MeterReading } from '../../machines/session/secc/evse-snapshot.js';

export interface Metering {
  /** The latest reading first, then each change. */
  readonly reading$: Observable<MeterReading>;
}
