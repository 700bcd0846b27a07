/**
 * What a finished demo run reports: how many messages, how long each request waited for its response (by pair),
 * the energy, the final SoC. Pure, so the same figures go to the terminal and to `--json`.
 */
import type { LoggedMessage } from '../actors/stack/message-log.js';

export interface PairTiming {
  readonly pair: string;
  readonly count: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/** Request → response time per message pair, in the order the pairs first occur. */
export function pairTimings(messages: readonly LoggedMessage[]): PairTiming[] {
  const pairs = new Map<string, number[]>();
  let pending: LoggedMessage | undefined;
  for (const m of messages) {
    if (m.dir === 'EV->EVSE') {
      pending = m;
      continue;
    }
    if (!pending) continue;
    const pair = pending.name.replace(/Req$/, '');
    if (m.name !== `${pair}Res`) continue;
    if (!pairs.has(pair)) pairs.set(pair, []);
    pairs.get(pair)?.push(m.t - pending.t);
    pending = undefined;
  }
  return [...pairs].map(([pair, times]) => ({
    pair,
    count: times.length,
    meanMs: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10,
    maxMs: Math.round(Math.max(...times) * 10) / 10,
  }));
}

export interface RunSummary {
  readonly protocol: string;
  readonly result: string;
  readonly reason?: string;
  readonly energyWh: number;
  /** Given back by the vehicle (ISO 15118-20 BPT). */
  readonly energyDischargedWh: number;
  /** Known only where the vehicle is ours. */
  readonly finalSoC?: number;
  readonly messages: readonly LoggedMessage[];
  readonly seconds: number;
}

export function formatSummary(s: RunSummary): string {
  const soc = s.finalSoC === undefined ? '' : `, final SoC ${s.finalSoC.toFixed(1)} %`;
  const lines = [
    '',
    `${s.protocol}: ${s.result}${s.reason ? ` (${s.reason})` : ''} after ${s.seconds.toFixed(2)} s`,
    `  messages ${s.messages.length}, energy ${s.energyWh.toFixed(1)} Wh charged, ${s.energyDischargedWh.toFixed(1)} Wh discharged${soc}`,
    '  pair                          count   mean ms    max ms',
    ...pairTimings(s.messages).map((p) => `  ${p.pair.padEnd(28)} ${String(p.count).padStart(6)} ${p.meanMs.toFixed(1).padStart(9)} ${p.maxMs.toFixed(1).padStart(9)}`),
  ];
  return `${lines.join('\n')}\n`;
}
