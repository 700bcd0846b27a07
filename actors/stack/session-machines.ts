/**
 * Which charging-session machine runs once the handshake has chosen a protocol, for each role, with the settings a
 * deployment gives. The one place that knows every protocol's machine. ISO 15118-20 has one machine per role for both
 * of its namespaces (AC and DC), told in its input which one the handshake chose.
 */
import type { Clock } from '../../base/clock.js';
import { isIso20Session, type Iso20SessionProtocol, type SessionProtocol } from '../../machines/stack/session-protocol.js';
import { dinEvccMachine } from '../../machines/din/din-evcc.js';
import { DIN_EVCC_DEFAULTS, DIN_SECC_DEFAULTS, type DinEvccSettings, type DinSeccSettings } from '../../machines/din/din-input.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import { iso2EvccMachine, type Iso2EvccInput } from '../../machines/iso2/iso2-evcc.js';
import { iso20EvccMachine } from '../../machines/iso20/evcc/iso20-evcc.js';
import type { Iso20EvccInput, Iso20EvccOptions } from '../../machines/iso20/evcc/iso20-evcc-context.js';
import { iso20SeccMachine, type Iso20SeccInput } from '../../machines/iso20/secc/iso20-secc.js';
import type { EvccStackInput } from '../../machines/stack/evcc-stack.js';
import type { SeccAdmission } from '../../machines/stack/secc-connection.js';
import { iso2SeccMachine, type Iso2SeccInput } from '../../machines/iso2/iso2-secc.js';
import type { EvccSessionInput, SeccSessionInput } from '../../machines/session/session-input.js';
import { iso20TimingFor, timingFor, type TimingOverrides } from '../../machines/timing/v2g-timers.js';

export { SESSION_PROTOCOLS, isSessionProtocol, isIso20Session, type Iso20SessionProtocol, type SessionProtocol } from '../../machines/stack/session-protocol.js';

/** What the EV chooses in ISO 15118-2 beyond the common input; `mode` and `energyTransferMode` go together. */
export type Iso2EvccSettings = Partial<Omit<Iso2EvccInput, keyof EvccSessionInput | 'mode' | 'energyTransferMode'>> &
  Pick<Iso2EvccInput, 'mode' | 'energyTransferMode'>;

/** The namespace and the energy service go together (DC or DC_BPT in iso20-dc, AC or AC_BPT in iso20-ac). */
type Iso20Choice<T = Iso20EvccInput> = T extends unknown ? Pick<T, Extract<keyof T, 'protocol' | 'service'>> : never;

/** What the EV chooses in ISO 15118-20 beyond the common input: its service and namespace, and any option. */
export type Iso20EvccSettings = Partial<Omit<Iso20EvccOptions, keyof EvccSessionInput | 'clock'>> & Iso20Choice;

export interface EvccSessionSettings {
  readonly din?: Partial<DinEvccSettings>;
  /** Default DC with DC_extended. */
  readonly iso2?: Iso2EvccSettings;
  /** Default: the service of the -20 namespace the EVCC offers (DC or AC), Scheduled, EIM. */
  readonly iso20?: Iso20EvccSettings;
}

export type Iso2SeccSettings = Partial<Omit<Iso2SeccInput, keyof SeccSessionInput | 'tls'>>;
export type Iso20SeccSettings = Partial<Omit<Iso20SeccInput, keyof SeccSessionInput | 'protocol'>>;

export interface SeccSessionSettings {
  readonly din?: Partial<DinSeccSettings>;
  /** Default: the DC modes DC_extended and DC_core. */
  readonly iso2?: Iso2SeccSettings;
  /** Default: the DC services, DC and DC_BPT, each Scheduled and Dynamic. */
  readonly iso20?: Iso20SeccSettings;
}

/** PreCharge ends within 20 V, as pyPLC and the DIN machine do. */
const ISO2_EVCC_DEFAULTS = { mode: 'dc', energyTransferMode: 'DC_extended', prechargeTolerance: 20 } as const;
const ISO2_SECC_DEFAULTS = { energyTransferModes: ['DC_extended', 'DC_core'] } as const;
const ISO20_EVCC_DEFAULTS = { controlMode: 'Scheduled', authorization: 'EIM', prechargeTolerance: 20 } as const;
const ISO20_EVCC_SERVICE: Readonly<Record<Iso20SessionProtocol, Iso20Choice>> = {
  'iso20-dc': { protocol: 'iso20-dc', service: 'DC' },
  'iso20-ac': { protocol: 'iso20-ac', service: 'AC' },
};
const ISO20_SECC_DEFAULTS = { services: ['DC', 'DC_BPT'] } as const;

/** The EVCC's session machines, by the names its communication machine invokes them by (machines/stack/evcc-stack.ts). */
export const EVCC_SESSION_MACHINES = { 'din-evcc': dinEvccMachine, 'iso2-evcc': iso2EvccMachine, 'iso20-evcc': iso20EvccMachine } as const;

/** The protocol each EVCC session machine speaks, by the name it is invoked by: what its channel must read and write. */
export function evccSessionProtocol(child: keyof typeof EVCC_SESSION_MACHINES, sessions: EvccStackInput['sessions']): SessionProtocol {
  switch (child) {
    case 'din-evcc':
      return 'din';
    case 'iso2-evcc':
      return 'iso2';
    case 'iso20-evcc':
      return sessions.iso20?.protocol ?? 'iso20-dc';
  }
}

/** What the runner chose for every protocol's session: the EVCCID, the loop's pace, the clock, the timers' overrides. */
export interface EvccSessionBase extends Omit<EvccSessionInput, 'vehicle' | 'timing'> {
  readonly clock: Pick<Clock, 'now'>;
  readonly timing?: TimingOverrides;
}

/**
 * Each protocol's session input: the deployment's settings over the defaults, and `base` (what the runner chose) over
 * both. ISO 15118-20's only where the EVCC offers it (`preferred`), in the namespace it offers.
 */
export function evccSessionInputs(base: EvccSessionBase, settings: EvccSessionSettings, preferred: readonly SessionProtocol[]): EvccStackInput['sessions'] {
  const { clock, timing, ...common } = base;
  const offered20 = preferred.find(isIso20Session);
  const choice = settings.iso20 ?? (offered20 === undefined ? undefined : ISO20_EVCC_SERVICE[offered20]);
  return {
    din: { ...DIN_EVCC_DEFAULTS, ...settings.din, ...common, timing: timingFor('din', timing) },
    iso2: { ...ISO2_EVCC_DEFAULTS, ...settings.iso2, ...common, timing: timingFor('iso2', timing) } as EvccStackInput['sessions']['iso2'],
    ...(choice === undefined ? {} : { iso20: { ...ISO20_EVCC_DEFAULTS, ...settings.iso20, ...choice, ...common, clock, timing: iso20TimingFor(timing) } as EvccStackInput['sessions']['iso20'] }),
  };
}

/** The SECC's session machines, by the names its connection machine invokes them by (machines/stack/secc-connection.ts). */
export const SECC_SESSION_MACHINES = { 'din-secc': dinSeccMachine, 'iso2-secc': iso2SeccMachine, 'iso20-secc': iso20SeccMachine } as const;

/**
 * The admitted session's input: the deployment's settings over the defaults, `base` over both, the protocol's timing
 * with the deployment's overrides; `tls` for ISO 15118-2's payment options.
 */
export function seccSessionAdmission(
  protocol: SessionProtocol,
  base: Omit<SeccSessionInput, 'timing'>,
  timing: TimingOverrides | undefined,
  settings: SeccSessionSettings,
  tls: boolean,
): SeccAdmission {
  switch (protocol) {
    case 'din':
      return { ok: true, protocol, input: { ...DIN_SECC_DEFAULTS, ...settings.din, ...base, timing: timingFor('din', timing) } };
    case 'iso2':
      return { ok: true, protocol, input: { ...ISO2_SECC_DEFAULTS, ...settings.iso2, ...base, timing: timingFor('iso2', timing), tls } };
    case 'iso20-ac':
    case 'iso20-dc':
      return { ok: true, protocol, input: { ...ISO20_SECC_DEFAULTS, ...settings.iso20, ...base, timing: iso20TimingFor(timing), protocol } };
  }
}
