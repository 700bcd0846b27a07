/**
 * The EVCC's reading of a Finished CableCheckRes: the isolation must be Valid or Warning; Fault, or still Invalid,
 * means the cable is not safe to energise (unverified as a -2 rule; what the EV's safety needs). Pure, table-tested.
 */
import type { isolationLevelType } from '../../../codecs/exi/generated/iso2.types.js';

export function isolationValid(isolation: isolationLevelType | undefined): boolean {
  return isolation !== 'Fault' && isolation !== 'Invalid';
}
