/**
 * The protocol names the command line offers (`din`, `iso2-dc`, `iso2-ac`, `iso20-dc`, `iso20-ac`, `iso20-dc-bpt`,
 * `iso20-ac-bpt`) and what each means for the session machines: the negotiated protocol, AC or DC, and the EV's
 * energy transfer choice (ISO 15118-2's mode, ISO 15118-20's service and control mode).
 */
import type { EvccSessionSettings, SeccSessionSettings, SessionProtocol } from '../actors/stack/session-machines.js';
import type { ControlMode } from '../machines/iso20/iso20-services.js';

export const DEMO_PROTOCOLS = ['din', 'iso2-dc', 'iso2-ac', 'iso20-dc', 'iso20-ac', 'iso20-dc-bpt', 'iso20-ac-bpt'] as const;
export type DemoProtocol = (typeof DEMO_PROTOCOLS)[number];

/** ISO 15118-20's control modes, as the command line names them. */
export const CONTROL_MODES = { scheduled: 'Scheduled', dynamic: 'Dynamic' } as const satisfies Readonly<Record<string, ControlMode>>;
export type ControlChoice = keyof typeof CONTROL_MODES;

export interface ProtocolChoice {
  readonly protocol: SessionProtocol;
  readonly mode: 'ac' | 'dc';
  readonly settings: EvccSessionSettings;
  /** Bidirectional power transfer (ISO 15118-20 AC_BPT, DC_BPT). */
  readonly bpt: boolean;
}

export const isIso20Choice = (choice: DemoProtocol): boolean => choice.startsWith('iso20-');

export function evccSettingsFor(choice: DemoProtocol, control: ControlChoice = 'scheduled'): ProtocolChoice {
  const controlMode = CONTROL_MODES[control];
  switch (choice) {
    case 'din':
      return { protocol: 'din', mode: 'dc', settings: {}, bpt: false };
    case 'iso2-dc':
      return { protocol: 'iso2', mode: 'dc', settings: { iso2: { mode: 'dc', energyTransferMode: 'DC_extended' } }, bpt: false };
    case 'iso2-ac':
      return { protocol: 'iso2', mode: 'ac', settings: { iso2: { mode: 'ac', energyTransferMode: 'AC_three_phase_core' } }, bpt: false };
    case 'iso20-dc':
      return { protocol: 'iso20-dc', mode: 'dc', settings: { iso20: { protocol: 'iso20-dc', service: 'DC', controlMode } }, bpt: false };
    case 'iso20-ac':
      return { protocol: 'iso20-ac', mode: 'ac', settings: { iso20: { protocol: 'iso20-ac', service: 'AC', controlMode } }, bpt: false };
    case 'iso20-dc-bpt':
      return { protocol: 'iso20-dc', mode: 'dc', settings: { iso20: { protocol: 'iso20-dc', service: 'DC_BPT', controlMode } }, bpt: true };
    case 'iso20-ac-bpt':
      return { protocol: 'iso20-ac', mode: 'ac', settings: { iso20: { protocol: 'iso20-ac', service: 'AC_BPT', controlMode } }, bpt: true };
  }
}

/**
 * What an SECC with an AC or a DC power stage offers: in ISO 15118-2 its energy transfer modes (DIN is DC only), in
 * ISO 15118-20 the services of its kind, one way and bidirectional, each Scheduled and Dynamic.
 */
export function seccSettingsFor(mode: 'ac' | 'dc'): SeccSessionSettings {
  return {
    iso2: { energyTransferModes: mode === 'ac' ? ['AC_three_phase_core', 'AC_single_phase_core'] : ['DC_extended', 'DC_core'] },
    iso20: { services: mode === 'ac' ? ['AC', 'AC_BPT'] : ['DC', 'DC_BPT'] },
  };
}
