/**
 * The DIN EVCC and SECC machines wired to each other in a test, without sockets: each emitted message is encoded and
 * decoded by the DIN codec on the way (a message the codec refuses throws), a small EVSE answers the SECC's power
 * commands and the vehicle gains charge with each CurrentDemand. Time is a SimulatedClock.
 */
import { createActor } from 'xstate';
import type { EvseStatus, PowerCommand } from '../../adapters/evse.js';
import type { VehicleCommand, VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import { dinEvccMachine } from '../../machines/din/din-evcc.js';
import { bodyName, type DinMessage } from '../../machines/din/din-messages.js';
import { dinSeccMachine } from '../../machines/din/din-secc.js';
import { EVSE, evccInput, LOOP_INTERVAL, newClock, overTheWire, seccInput, VEHICLE } from './harness.js';
import { v2gDocument } from '../../codecs/exi/v2g-document.js';

/**
 * A whole session on the simulated clock, until the EVCC ends (at most 200 s); with `alterSecc`, each SECC response
 * reaches the EVCC as it makes it; `onEvccSend` sees each EVCC request.
 */
export function wiredSession(
  vehicleStart: VehicleStatus = VEHICLE,
  alterSecc: (message: DinMessage) => DinMessage = (message) => message,
  onEvccSend: (message: DinMessage) => void = () => {},
) {
  const clock = newClock();
  let evse: EvseStatus = { ...EVSE, authorized: false };
  let vehicle = vehicleStart;
  const evcc = createActor(dinEvccMachine, { clock, input: evccInput({ vehicle }) });
  const secc = createActor(dinSeccMachine, { clock, input: seccInput() });
  const timeline: string[] = [];
  const closes: string[] = [];
  // The power module's status reaches the SECC with each request, as the session runner hands it over.
  const setEvse = (patch: Partial<EvseStatus>) => void (evse = { ...evse, ...patch });

  evcc.on('channel.send', ({ message: { document: message } }) => {
    timeline.push(`EV ${bodyName(message)}`);
    onEvccSend(message);
    secc.send({ type: 'channel.received', message: v2gDocument('din', overTheWire(message)), evse, time: clock.now() });
  });
  secc.on('channel.send', ({ message: { document: message } }) => {
    timeline.push(`EVSE ${bodyName(message)} ${JSON.stringify(Object.values(message.V2G_Message.Body)[0]?.ResponseCode)}`);
    evcc.send({ type: 'channel.received', message: v2gDocument('din', overTheWire(alterSecc(message))) });
  });
  evcc.on('channel.close', ({ reason }) => closes.push(`EV ${reason}`));
  secc.on('channel.close', ({ reason }) => closes.push(`EVSE ${reason}`));
  evcc.on('vehicle.command', ({ command }) => {
    timeline.push(`vehicle ${describeVehicle(command)}`);
    if (command.type === 'charging' && command.active) {
      vehicle = { ...vehicle, soc: vehicle.soc + 0.5 };
      evcc.send({ type: 'vehicle.status', status: vehicle });
    }
  });
  secc.on('evse.command', ({ command }) => {
    timeline.push(`power ${describePower(command)}`);
    switch (command.type) {
      case 'isolationCheck':
        setEvse({ isolationCheckRunning: true });
        clock.setTimeout(() => setEvse({ isolationCheckRunning: false, isolation: 'Valid' }), 1_500);
        break;
      // The output rises by at most 200 V per request; each answer reports the output before the request's effect.
      case 'precharge': setEvse({ presentVoltage: Math.min(command.voltage, evse.presentVoltage + 200), ready: true }); break;
      case 'deliver': setEvse({ presentVoltage: command.voltage, presentCurrent: Math.min(command.current, evse.maxCurrent) }); break;
      case 'stop': setEvse({ presentVoltage: 0, presentCurrent: 0, ready: false }); break;
      case 'contactors': break;
    }
  });
  clock.setTimeout(() => setEvse({ authorized: true }), 1_000);

  secc.start();
  evcc.start();
  for (let i = 0; i < 2_000 && evcc.getSnapshot().status === 'active'; i++) clock.increment(LOOP_INTERVAL);
  return { evcc, secc, timeline, closes };
}

function describeVehicle(c: VehicleCommand): string {
  switch (c.type) {
    case 'controlPilot': return `controlPilot ${c.state}`;
    case 'contactors': return `contactors ${c.closed ? 'closed' : 'open'}`;
    case 'charging': return `charging ${c.active} ${c.voltage} V ${c.current} A`;
  }
}

function describePower(c: PowerCommand): string {
  switch (c.type) {
    case 'contactors': return `contactors ${c.closed ? 'closed' : 'open'}`;
    case 'stop': return 'stop';
    default: return `${c.type} ${c.voltage} V${'current' in c ? ` ${c.current} A` : ''}`;
  }
}
