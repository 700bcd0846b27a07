/** The stage's limits as the -20 messages name them. */
import type { EvseStatus } from '../../session/secc/evse-snapshot.js';
import type { Iso20SeccInput } from './iso20-secc-context.js';

/** EVSEMaximum/MinimumDischargePower/Current: zero on a stage that cannot discharge (it then never does). */
export function dischargeLimits(evse: EvseStatus) {
  const d = evse.discharge;
  return {
    MaximumDischargePower: d?.maxPower ?? 0,
    MinimumDischargePower: d?.minPower ?? 0,
    MaximumDischargeCurrent: d?.maxCurrent ?? 0,
    MinimumDischargeCurrent: d?.minCurrent ?? 0,
  };
}

/** The phases of the station's AC connector. */
export function acPhases(input: Iso20SeccInput): number {
  return (input.acConnector ?? 'ThreePhase') === 'ThreePhase' ? 3 : 1;
}
