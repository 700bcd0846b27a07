/**
 * runOnChannel: channel events and the vehicle's status in, the power module's latest status with each received
 * message, emitted commands out, output as a promise, and nothing left subscribed once the machine ends; the next
 * machine on the same channel gets what arrived for it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BehaviorSubject, NEVER } from 'rxjs';
import { assign, emit, setup, type InspectionEvent } from 'xstate';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { runOnChannel } from '../../actors/session/run-on-channel.js';
import type { EvseStatus, PowerCommand, PowerModule } from '../../adapters/evse.js';
import type { VehicleAdapter, VehicleCommand, VehicleStatus } from '../../adapters/vehicle/vehicle-adapter.js';
import { encode, v2gDocument, type V2gDocument } from '../../codecs/exi/index.js';
import { encodeV2gtpFrame } from '../../codecs/v2gtp/index.js';
import { seccHandshakeMachine } from '../../machines/apphand/secc-handshake.js';
import { offerAppProtocols } from '../../machines/apphand/negotiation.js';
import type { ChannelCommand, ChannelEvent, PowerCommandEvent, SeccChannelEvent, VehicleCommandEvent, VehicleEvent } from '../../machines/session/session-events.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo, within } from '../shared/async.js';

const req = { supportedAppProtocolReq: offerAppProtocols(['din'], 'tcp') };
const res = v2gDocument('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation' as const, SchemaID: 1 } });

interface Seen {
  readonly soc?: number;
  readonly voltage?: number;
  readonly ended?: string;
}

/**
 * A stand-in for a session machine: it closes the EV contactors on the first vehicle status, answers one request and
 * ends; a request that came with the power module's status stops the module and records its voltage.
 */
const relayMachine = setup({
  types: {
    input: {} as { readonly commandAtStart: boolean },
    context: {} as Seen & { readonly commandAtStart: boolean },
    events: {} as ChannelEvent | SeccChannelEvent | VehicleEvent,
    emitted: {} as ChannelCommand | VehicleCommandEvent | PowerCommandEvent,
    output: {} as Seen,
  },
  actions: {
    closeContactors: emit({ type: 'vehicle.command' as const, command: { type: 'contactors', closed: true } }),
    stopPower: emit({ type: 'evse.command' as const, command: { type: 'stop' } }),
    answer: emit({ type: 'channel.send' as const, message: res }),
  },
  guards: {
    commandAtStart: ({ context }) => context.commandAtStart,
    withEvse: ({ event }) => 'evse' in event,
  },
}).createMachine({
  id: 'relay',
  context: ({ input }) => ({ commandAtStart: input.commandAtStart }),
  initial: 'starting',
  states: {
    starting: { always: [{ guard: 'commandAtStart', target: 'running', actions: 'closeContactors' }, { target: 'running' }] },
    running: {
      on: {
        'vehicle.status': { actions: [assign({ soc: ({ event }) => event.status.soc }), 'closeContactors'] },
        'channel.received': [
          {
            guard: 'withEvse',
            target: 'done',
            actions: [assign({ voltage: ({ event }) => ('evse' in event ? event.evse.presentVoltage : undefined) }), 'stopPower', 'answer'],
          },
          { target: 'done', actions: 'answer' },
        ],
        'channel.closed': { target: 'done', actions: assign({ ended: ({ event }) => event.reason }) },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => ({ soc: context.soc, voltage: context.voltage, ended: context.ended }),
});

/** Takes the first message and ends with it. */
const firstMessageMachine = setup({
  types: { events: {} as ChannelEvent, output: {} as { readonly message?: V2gDocument }, context: {} as { message?: V2gDocument } },
}).createMachine({
  id: 'first-message',
  context: {},
  initial: 'waiting',
  states: {
    waiting: { on: { 'channel.received': { target: 'done', actions: assign({ message: ({ event }) => event.message }) } } },
    done: { type: 'final' },
  },
  output: ({ context }) => ({ message: context.message }),
});

function vehicleAdapter(soc: number, fail = false) {
  const status$ = new BehaviorSubject({ soc } as VehicleStatus);
  const commands: VehicleCommand[] = [];
  const adapter: VehicleAdapter = {
    status$,
    command: (c) => {
      if (fail) throw new Error('CAN bus off');
      commands.push(c);
    },
  };
  return { adapter, status$, commands };
}

function powerModule(presentVoltage: number) {
  const status$ = new BehaviorSubject({ presentVoltage } as EvseStatus);
  const commands: PowerCommand[] = [];
  const module: PowerModule = { status$, command: (c) => commands.push(c) };
  return { module, status$, commands };
}

function pair() {
  const [peerEnd, localEnd] = memoryConnectionPair();
  const peer = createV2gChannel(peerEnd, { protocol: 'apphand' });
  const atPeer: ChannelEvent[] = [];
  peer.events$.subscribe((e) => atPeer.push(e));
  return { peer, atPeer, channel: createV2gChannel(localEnd, { protocol: 'apphand' }) };
}

test('status in, commands out, the answer sent, the output resolved, every input released', async () => {
  const { peer, atPeer, channel } = pair();
  const vehicle = vehicleAdapter(42);
  const power = powerModule(380);
  power.status$.next({ presentVoltage: 400 } as EvseStatus);
  const inspected: InspectionEvent[] = [];
  const run = runOnChannel(relayMachine, {
    input: { commandAtStart: false },
    channel,
    vehicle: vehicle.adapter,
    power: power.module,
    id: 'relay-1',
    inspect: (e) => inspected.push(e),
  });
  assert.is(run.actor.id, 'relay-1');
  peer.send(v2gDocument('apphand', req));
  assert.equal(await within(run.output, 'relay'), { soc: 42, voltage: 400, ended: undefined });
  assert.equal(vehicle.commands, [{ type: 'contactors', closed: true }]);
  assert.equal(power.commands, [{ type: 'stop' }]);
  await flushIo();
  assert.equal(atPeer, [{ type: 'channel.received', message: res }]);
  assert.not.ok(vehicle.status$.observed, 'vehicle status released');
  assert.not.ok(power.status$.observed, 'power status released');
  assert.ok(inspected.some((e) => e.type === '@xstate.event' && e.event.type === 'vehicle.status'), 'inspect sees the events');
});

test('the power module\'s latest status goes in with the request, not as events of its own', async () => {
  const { peer, channel } = pair();
  const power = powerModule(100);
  const inspected: InspectionEvent[] = [];
  const run = runOnChannel(relayMachine, { input: { commandAtStart: false }, channel, power: power.module, inspect: (e) => inspected.push(e) });
  power.status$.next({ presentVoltage: 200 } as EvseStatus);
  power.status$.next({ presentVoltage: 300 } as EvseStatus);
  peer.send(v2gDocument('apphand', req));
  assert.equal(await within(run.output, 'relay'), { soc: undefined, voltage: 300, ended: undefined });
  const events = inspected.filter((e) => e.type === '@xstate.event').map((e) => (e as { event: { type: string } }).event.type);
  assert.equal(events.filter((t) => !t.startsWith('xstate.')), ['channel.received'], 'one machine step for the request, none per report');
});

test('a power module that reports no status on subscription closes the channel with a reason naming it', async () => {
  const { channel } = pair();
  const silent: PowerModule = { status$: NEVER, command: () => undefined };
  const run = runOnChannel(relayMachine, { input: { commandAtStart: false }, channel, power: silent, id: 'relay-2' });
  const outcome = await within(run.output, 'relay');
  assert.is(outcome.ended, 'relay-2: the power module did not report its status on subscription');
});

test('an adapter whose status stream fails ends the session with a reason, not the process', async () => {
  const { channel } = pair();
  const power = powerModule(100);
  const vehicle = vehicleAdapter(50);
  const run = runOnChannel(relayMachine, { input: { commandAtStart: false }, channel, power: power.module, vehicle: vehicle.adapter, id: 'relay-3' });
  power.status$.error(new Error('CAN timeout'));
  const outcome = await within(run.output, 'relay');
  assert.is(outcome.ended, "relay-3: the power module's status failed: CAN timeout");
  const second = pair();
  const failing = vehicleAdapter(60);
  const run2 = runOnChannel(relayMachine, { input: { commandAtStart: false }, channel: second.channel, vehicle: failing.adapter, id: 'relay-4' });
  failing.status$.error(new Error('BMS gone'));
  assert.is((await within(run2.output, 'relay')).ended, "relay-4: the vehicle's status failed: BMS gone");
});

test('a command for an adapter that was not given closes the channel with a reason naming it', async () => {
  const { channel } = pair();
  const run = runOnChannel(relayMachine, { input: { commandAtStart: true }, channel });
  assert.equal(await within(run.output, 'relay'), { soc: undefined, voltage: undefined, ended: 'relay emitted vehicle.command, but no vehicle adapter was given' });
});

test('an adapter that throws closes the channel instead of crashing', async () => {
  const { channel } = pair();
  const vehicle = vehicleAdapter(10, true);
  const run = runOnChannel(relayMachine, { input: { commandAtStart: false }, channel, vehicle: vehicle.adapter });
  const outcome = await within(run.output, 'relay');
  assert.is(outcome.ended, 'vehicle.command failed: CAN bus off');
});

test('a machine stopped from outside rejects its output', async () => {
  const { channel } = pair();
  const run = runOnChannel(relayMachine, { input: { commandAtStart: false }, channel });
  run.actor.stop();
  try {
    await within(run.output, 'relay');
    assert.unreachable('resolved');
  } catch (err) {
    assert.match(String(err), /relay was stopped before reaching a final state/);
  }
});

test('what arrives with the request for the next machine waits for it, read in the negotiated protocol', async () => {
  const [evccEnd, seccEnd] = memoryConnectionPair();
  const channel = createV2gChannel(seccEnd, { protocol: 'apphand' });
  const sessionSetupReq = { V2G_Message: { Header: { SessionID: new Uint8Array(8) }, Body: { SessionSetupReq: { EVCCID: new Uint8Array(6) } } } };
  evccEnd.write(Uint8Array.from([...encodeV2gtpFrame(0x8001, encode('apphand', req)), ...encodeV2gtpFrame(0x8001, encode('din', sessionSetupReq))]));
  // Both are in before the handshake starts: it reads them while subscribing and must stop after the first.
  await flushIo();
  const handshake = runOnChannel(seccHandshakeMachine, { input: { supported: ['din'], security: 'tcp', timing: timingFor('din') }, channel });
  const outcome = await within(handshake.output, 'handshake');
  assert.equal(outcome, { ok: true, protocol: 'din', responseCode: 'OK_SuccessfulNegotiation' });
  channel.useProtocol('din');
  const session = runOnChannel(firstMessageMachine, { input: undefined, channel });
  assert.equal(await within(session.output, 'session'), { message: v2gDocument('din', sessionSetupReq) });
});

test.run();
