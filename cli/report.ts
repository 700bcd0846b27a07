/**
 * The end of an EVCC run, for `demo` and `evcc` alike: the summary or the `--json` object, and the exit code (0 only
 * for a session that ended with SessionStop).
 */
import type { EvccResult } from '../actors/stack/evcc-client.js';
import { writeOut } from './io.js';
import { formatSummary } from './summary.js';

export interface RunReport {
  readonly protocol: string;
  readonly result: EvccResult;
  readonly energyWh: number;
  /** Given back by the vehicle (ISO 15118-20 BPT); 0 for a session that only charged. */
  readonly energyDischargedWh: number;
  readonly finalSoC: number;
  readonly seconds: number;
  readonly json: boolean;
}

export async function reportRun(r: RunReport): Promise<number> {
  const { outcome, messages } = r.result;
  const energyWh = Math.round(r.energyWh * 10) / 10;
  const energyDischargedWh = Math.round(r.energyDischargedWh * 10) / 10;
  const finalSoC = Math.round(r.finalSoC * 10) / 10;
  if (r.json) {
    const flow = messages.map((m) => ({ dir: m.dir, name: m.name, ...(m.responseCode ? { responseCode: m.responseCode } : {}), t: m.t }));
    await writeOut(`${JSON.stringify({ protocol: r.protocol, result: outcome.result, ...(outcome.reason ? { reason: outcome.reason } : {}), energyWh, energyDischargedWh, finalSoC, messages: flow })}\n`);
  } else {
    await writeOut(formatSummary({ protocol: r.protocol, result: outcome.result, reason: outcome.reason, energyWh, energyDischargedWh, finalSoC, messages, seconds: r.seconds }));
  }
  return outcome.result === 'stopped' ? 0 : 1;
}
