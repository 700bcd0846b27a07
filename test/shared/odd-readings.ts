/** What a fuzzed SECC is handed now and then: a power module's status with odd but finite readings. */
import type { EvseStatus } from '../../adapters/evse.js';
import type { Random } from '../exi/random-document.js';

const ODD_READINGS = [0, 0.001, 399.99, 32_767, 65_535, 100_000, 1e7, -1];

/** The power module's status with some readings odd: any number a stage might report, flags flipped. */
export function oddReadings(rnd: Random, status: EvseStatus): EvseStatus {
  const odd: Record<string, unknown> = { ...status };
  for (const [key, value] of Object.entries(status)) {
    if (typeof value === 'number' && rnd() < 0.5) odd[key] = ODD_READINGS[Math.floor(rnd() * ODD_READINGS.length)];
    if (typeof value === 'boolean' && rnd() < 0.5) odd[key] = !value;
  }
  return odd as unknown as EvseStatus;
}
