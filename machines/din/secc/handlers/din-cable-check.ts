/** CableCheckReq: the insulation test started once, Ongoing until its result is known. */
import type { PowerCommand } from '../../../session/secc/evse-snapshot.js';
import { respond, status } from '../din-answer-parts.js';
import type { DinHandler, SeccResponseContext } from '../din-secc-facts.js';

/** Isolation known (Valid, Warning, Fault or No_IMD) and no test running: CableCheck is Finished. */
function isolationCheckDone(c: SeccResponseContext): boolean {
  return !c.evse.isolationCheckRunning && c.evse.isolation !== 'Invalid';
}

/** The insulation test, when none ran yet, at the lower of both maximum voltages: never beyond the EV's limit. */
function isolationCheckToStart(c: SeccResponseContext): readonly PowerCommand[] {
  if (c.evse.isolationCheckRunning || c.evse.isolation !== 'Invalid') return [];
  return [{ type: 'isolationCheck', voltage: Math.min(c.evMaximumVoltage ?? c.evse.maxVoltage, c.evse.maxVoltage) }];
}

export const handleCableCheck: DinHandler<'CableCheckReq'> = (_, c) => {
  const processing = isolationCheckDone(c) ? 'Finished' : 'Ongoing';
  return respond('CableCheckRes', { ResponseCode: 'OK', DC_EVSEStatus: status(c), EVSEProcessing: processing }, { processing, commands: isolationCheckToStart(c) });
};
