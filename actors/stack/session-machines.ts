/**
 * Which charging-session machine runs once the handshake has chosen a protocol, for each role, with the settings a
 * deployment gives. The one place that knows every protocol's machine: adding ISO 15118-20 adds a case here.
 */
import type { SessionProtocol } from '../../machines/stack/session-protocol.js';
import { dinEvccMachine } from '../../machines/din/din-evcc.js';
import { DIN_EVCC_DEFAULTS, DIN_SECC_DEFAULTS, type DinEvccSettings, type DinSeccSettings } from '../../machines/din/din-input.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import { iso2EvccMachine, type Iso2EvccInput } from '../../machines/iso2/iso2-evcc.js';
import type { EvccStackInput } from '../../machines/stack/evcc-stack.js';
import type { SeccAdmission } from '../../machines/stack/secc-connection.js';
import { iso2SeccMachine, type Iso2SeccInput } from '../../machines/iso2/iso2-secc.js';
import type { EvccSessionInput, SeccSessionInput } from '../../machines/session/session-input.js';

export { SESSION_PROTOCOLS, isSessionProtocol, type SessionProtocol } from '../../machines/stack/session-protocol.js';

/** What the EV chooses in ISO 15118-2 beyond the common input; `mode` and `energyTransferMode` go together. */
export type Iso2EvccSettings = Partial<Omit<Iso2EvccInput, keyof EvccSessionInput | 'mode' | 'energyTransferMode'>> &
  Pick<Iso2EvccInput, 'mode' | 'energyTransferMode'>;

export interface EvccSessionSettings {
  readonly din?: Partial<DinEvccSettings>;
  /** Default DC with DC_extended. */
  readonly iso2?: Iso2EvccSettings;
}

export type Iso2SeccSettings = Partial<Omit<Iso2SeccInput, keyof SeccSessionInput | 'tls'>>;

export interface SeccSessionSettings {
  readonly din?: Partial<DinSeccSettings>;
  /** Default: the DC modes DC_extended and DC_core. */
  readonly iso2?: Iso2SeccSettings;
}

/** PreCharge ends within 20 V, as pyPLC and the DIN machine do. */
const ISO2_EVCC_DEFAULTS = { mode: 'dc', energyTransferMode: 'DC_extended', prechargeTolerance: 20 } as const;
const ISO2_SECC_DEFAULTS = { energyTransferModes: ['DC_extended', 'DC_core'] } as const;

/** The EVCC's session machines, by the names its communication machine invokes them by (machines/stack/evcc-stack.ts). */
export const EVCC_SESSION_MACHINES = { 'din-evcc': dinEvccMachine, 'iso2-evcc': iso2EvccMachine } as const;

/** The protocol each EVCC session machine speaks, by the name it is invoked by: what its channel must read and write. */
export const EVCC_SESSION_PROTOCOL: Readonly<Record<keyof typeof EVCC_SESSION_MACHINES, SessionProtocol>> = { 'din-evcc': 'din', 'iso2-evcc': 'iso2' };

/** Each protocol's session input: the deployment's settings over the defaults, and `base` (what the runner chose) over both. */
export function evccSessionInputs(base: (protocol: SessionProtocol) => Omit<EvccSessionInput, 'vehicle'>, settings: EvccSessionSettings): EvccStackInput['sessions'] {
  return {
    din: { ...DIN_EVCC_DEFAULTS, ...settings.din, ...base('din') },
    iso2: { ...ISO2_EVCC_DEFAULTS, ...settings.iso2, ...base('iso2') } as EvccStackInput['sessions']['iso2'],
  };
}

/** The SECC's session machines, by the names its connection machine invokes them by (machines/stack/secc-connection.ts). */
export const SECC_SESSION_MACHINES = { 'din-secc': dinSeccMachine, 'iso2-secc': iso2SeccMachine } as const;

/** The admitted session's input: the deployment's settings over the defaults, `base` over both; `tls` for ISO 15118-2's payment options. */
export function seccSessionAdmission(protocol: SessionProtocol, base: SeccSessionInput, settings: SeccSessionSettings, tls: boolean): SeccAdmission {
  switch (protocol) {
    case 'din':
      return { ok: true, protocol, input: { ...DIN_SECC_DEFAULTS, ...settings.din, ...base } };
    case 'iso2':
      return { ok: true, protocol, input: { ...ISO2_SECC_DEFAULTS, ...settings.iso2, ...base, tls } };
  }
}
