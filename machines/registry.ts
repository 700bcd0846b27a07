/**
 * Every machine whose statechart is exported to docs/statecharts/ (`npm run statecharts`), by a file-name-safe name.
 * A new machine is added here; the statechart test then fails until docs/statecharts/ is regenerated, so the committed
 * diagrams always match the code.
 */
import type { AnyStateMachine } from 'xstate';
import type { ChartNotes } from '../inspector/statecharts/notes.js';
import { evccHandshakeMachine } from './apphand/evcc-handshake.js';
import { seccHandshakeMachine } from './apphand/secc-handshake.js';
import { v2gChannelMachine } from './channel/v2g-channel.js';
import { dinEvccMachine } from './din/din-evcc.js';
import { dinSeccMachine } from './din/din-secc.js';
import { iso2EvccMachine } from './iso2/iso2-evcc.js';
import { iso2SeccMachine } from './iso2/iso2-secc.js';
import { iso20EvccMachine } from './iso20/evcc/iso20-evcc.js';
import { iso20SeccMachine } from './iso20/secc/iso20-secc.js';
import { evccSdpMachine } from './sdp/evcc-sdp.js';
import { slacEvMachine } from './slac/ev.js';
import { slacEvseMachine } from './slac/evse.js';
import { STATECHART_NOTES } from './statechart-notes.js';
import { chargingStationMachine } from './stack/charging-station.js';
import { evccStackMachine } from './stack/evcc-stack.js';
import { seccConnectionMachine } from './stack/secc-connection.js';
import { connectionMachine } from './transport/connection.js';

export interface RegisteredMachine {
  readonly name: string;
  readonly machine: AnyStateMachine;
  /** Timer values and requirement IDs for its chart (statechart-notes.ts). */
  readonly notes?: ChartNotes;
}

const machines: ReadonlyArray<Omit<RegisteredMachine, 'notes'>> = [
  { name: 'evcc', machine: evccStackMachine },
  { name: 'secc-station', machine: chargingStationMachine },
  { name: 'secc-connection', machine: seccConnectionMachine },
  { name: 'evcc-sdp', machine: evccSdpMachine },
  { name: 'connection', machine: connectionMachine },
  { name: 'v2g-channel', machine: v2gChannelMachine },
  { name: 'evcc-apphand', machine: evccHandshakeMachine },
  { name: 'secc-apphand', machine: seccHandshakeMachine },
  { name: 'din-evcc', machine: dinEvccMachine },
  { name: 'din-secc', machine: dinSeccMachine },
  { name: 'iso2-evcc', machine: iso2EvccMachine },
  { name: 'iso2-secc', machine: iso2SeccMachine },
  { name: 'iso20-evcc', machine: iso20EvccMachine },
  { name: 'iso20-secc', machine: iso20SeccMachine },
  { name: 'slac-ev', machine: slacEvMachine },
  { name: 'slac-evse', machine: slacEvseMachine },
];

export const MACHINES: readonly RegisteredMachine[] = machines.map((m) => {
  const notes = STATECHART_NOTES[m.name];
  return notes === undefined ? m : { ...m, notes };
});
