/**
 * The EVCC's reading of AC_/DC_ChargeLoopRes beyond its code: the control element (the
 * SECC's targets in Dynamic control and the limits it states now) and the MeterInfo, which a MeteringConfirmation
 * returns, when the EV can return it exactly (every reading a safe integer: a meter beyond 2^53 Wh is no real one,
 * and a confirmation of another value would be worse than none). The EVSENotification is read into the EVSE view
 * (iso20-evcc-evse-view.ts) and acted on between two loop requests. Pure, table-tested.
 */
import type { AC_ChargeLoopResType } from '../../../codecs/exi/generated/iso20-ac.types.js';
import type { DC_ChargeLoopResType } from '../../../codecs/exi/generated/iso20-dc.types.js';
import { AC_LOOP_CONTROL } from '../iso20-ac-messages.js';
import { DC_LOOP_CONTROL } from '../iso20-dc-messages.js';
import type { MeterInfoType } from '../../../codecs/exi/generated/iso20-types.types.js';
import { readControlElement, readMeterInfo, type MeterFacts, type ModeFacts } from '../iso20-loop-parts.js';

export interface LoopReading {
  readonly control?: ModeFacts;
  readonly meter?: MeterFacts;
}

export function readLoop(res: AC_ChargeLoopResType | DC_ChargeLoopResType): LoopReading {
  const specs = 'EVSEPresentCurrent' in res ? DC_LOOP_CONTROL.Res : AC_LOOP_CONTROL.Res;
  const control = readControlElement(specs, res);
  const meter = res.MeterInfo === undefined || !exactlyRepeatable(res.MeterInfo) ? undefined : readMeterInfo(res.MeterInfo);
  return { ...(control === undefined ? {} : { control }), ...(meter === undefined ? {} : { meter }) };
}

function exactlyRepeatable(meter: MeterInfoType): boolean {
  const readings = [meter.ChargedEnergyReadingWh, meter.BPT_DischargedEnergyReadingWh, meter.CapacitiveEnergyReadingVARh, meter.BPT_InductiveEnergyReadingVARh, meter.MeterTimestamp];
  return readings.every((r) => r === undefined || r <= BigInt(Number.MAX_SAFE_INTEGER));
}
