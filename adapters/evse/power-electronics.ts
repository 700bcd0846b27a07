/**
 * The EVSE side's boundary to the power electronics: setpoints out (PowerCommand), measurements and limits in. A real
 * charger implements it over its power stage's bus; adapters/simulators/dc-supply.ts and ac-supply.ts for tests and
 * the demo. Bidirectional setpoints and discharge limits (ISO 15118-20 BPT) extend PowerCommand and
 * PowerElectronicsStatus here.
 */
import type { Observable } from 'rxjs';
import type { PowerCommand, PowerElectronicsStatus } from '../../machines/session/secc/evse-snapshot.js';

export interface PowerElectronics {
  /** The latest status first, then each change. */
  readonly status$: Observable<PowerElectronicsStatus>;
  command(command: PowerCommand): void;
}
