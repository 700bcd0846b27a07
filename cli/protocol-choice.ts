/**
 * The protocol names the command line offers (`din`, `iso2-dc`, `iso2-ac`) and what each means for the session
 * machines: the negotiated protocol, AC or DC, and the EV's energy transfer choice.
 */
import type { EvccSessionSettings, SeccSessionSettings, SessionProtocol } from '../actors/stack/session-machines.js';

export const DEMO_PROTOCOLS = ['din', 'iso2-dc', 'iso2-ac'] as const;
export type DemoProtocol = (typeof DEMO_PROTOCOLS)[number];

export interface ProtocolChoice {
  readonly protocol: SessionProtocol;
  readonly mode: 'ac' | 'dc';
  readonly settings: EvccSessionSettings;
}

export function evccSettingsFor(choice: DemoProtocol): ProtocolChoice {
  switch (choice) {
    case 'din':
      return { protocol: 'din', mode: 'dc', settings: {} };
    case 'iso2-dc':
      return { protocol: 'iso2', mode: 'dc', settings: { iso2: { mode: 'dc', energyTransferMode: 'DC_extended' } } };
    case 'iso2-ac':
      return { protocol: 'iso2', mode: 'ac', settings: { iso2: { mode: 'ac', energyTransferMode: 'AC_three_phase_core' } } };
  }
}

/** What an SECC with an AC or a DC power stage offers in ISO 15118-2 (DIN is DC only). */
export function seccSettingsFor(mode: 'ac' | 'dc'): SeccSessionSettings {
  return { iso2: { energyTransferModes: mode === 'ac' ? ['AC_three_phase_core', 'AC_single_phase_core'] : ['DC_extended', 'DC_core'] } };
}
