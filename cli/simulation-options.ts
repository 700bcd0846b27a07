/**
 * The command-line options of the simulated vehicle and power stage: `--pack` for `evcc` and `demo`, the stage's limits
 * for `secc`, each checked against the mode it applies to.
 */
import type { PhaseCount } from '../adapters/simulators/ac-supply.js';
import { parseNumber } from './shared-options.js';
import { DEFAULT_AC_STAGE, DEFAULT_DC_STAGE, PACKS, type Pack, type StageLimits } from './simulation.js';

export const PACK_OPTION = { pack: { type: 'string', default: '400' } } as const;
export const PACK_USAGE = `  --pack 400|800    the simulated vehicle's battery: a 400-V pack (40 kWh) or an 800-V one (77 kWh) (default 400)`;

export function parsePack(text: string): Pack {
  if (!(PACKS as readonly string[]).includes(text)) throw new RangeError(`--pack ${text}: ${PACKS.join(' or ')}`);
  return text as Pack;
}

export const STAGE_OPTIONS = {
  'max-voltage': { type: 'string' },
  'max-current': { type: 'string' },
  'max-power': { type: 'string' },
  phases: { type: 'string' },
} as const;

export const STAGE_USAGE = `  --max-voltage V   DC: the simulated stage's EVSEMaximumVoltageLimit (default ${DEFAULT_DC_STAGE.maxVoltage})
  --max-current A   DC: EVSEMaximumCurrentLimit (default ${DEFAULT_DC_STAGE.maxCurrent}); AC: EVSEMaxCurrent per phase (default ${DEFAULT_AC_STAGE.maxCurrent})
  --max-power W     DC: EVSEMaximumPowerLimit (default ${DEFAULT_DC_STAGE.maxPower})
  --phases 1|2|3    AC: the phases wired (default ${DEFAULT_AC_STAGE.phases})`;

type StageValues = { readonly [K in keyof typeof STAGE_OPTIONS]?: string };

/** The limits given, each refused by name where the mode has no such thing (AC's power follows from its current). */
export function parseStage(values: StageValues, mode: 'ac' | 'dc'): StageLimits {
  const dcOnly = mode === 'ac' ? (['max-voltage', 'max-power'] as const).find((option) => values[option] !== undefined) : undefined;
  if (dcOnly) throw new RangeError(`--${dcOnly}: DC only; an AC supply's power is phases × nominal voltage × --max-current`);
  if (mode === 'dc' && values.phases !== undefined) throw new RangeError('--phases: AC only');
  const positive = (option: keyof StageValues): number | undefined => {
    const text = values[option];
    if (text === undefined) return undefined;
    const value = parseNumber(option, text, 0);
    if (!(value > 0)) throw new RangeError(`--${option} ${text}: a positive number`);
    return value;
  };
  const phases = values.phases === undefined ? undefined : Number(values.phases);
  if (phases !== undefined && phases !== 1 && phases !== 2 && phases !== 3) throw new RangeError(`--phases ${values.phases}: 1, 2 or 3`);
  const limits = {
    maxVoltage: positive('max-voltage'),
    maxCurrent: positive('max-current'),
    maxPower: positive('max-power'),
    phases: phases as PhaseCount | undefined,
  };
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) as StageLimits;
}
