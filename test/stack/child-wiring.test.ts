/**
 * watchChildren with wireOnChannel: machines a parent invokes are wired to the channel as XState creates them, so what
 * a child emits while starting reaches the wire, and messages already waiting reach each child one at a time: the
 * handshake takes its request, the session child after it the next message, read with the negotiated protocol's schema.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, createActor, setup, toPromise, type AnyActorRef } from 'xstate';
import { createV2gChannel } from '../../actors/channel/v2g-channel-actor.js';
import { wireOnChannel } from '../../actors/session/run-on-channel.js';
import { watchChildren } from '../../actors/stack/child-wiring.js';
import { encode } from '../../codecs/exi/index.js';
import { encodeV2gtpFrame } from '../../codecs/v2gtp/index.js';
import { evccHandshakeMachine } from '../../machines/apphand/evcc-handshake.js';
import { offerAppProtocols } from '../../machines/apphand/negotiation.js';
import { seccHandshakeMachine } from '../../machines/apphand/secc-handshake.js';
import type { ChannelEvent } from '../../machines/session/session-events.js';
import { timingFor } from '../../machines/timing/v2g-timers.js';
import { memoryConnectionPair } from '../../transport/memory.js';
import { flushIo, within } from '../shared/async.js';

/** Takes the first message and ends with it. */
const firstMessage = setup({
  types: { events: {} as ChannelEvent, output: {} as { readonly message: unknown }, context: {} as { message?: unknown } },
}).createMachine({
  context: {},
  initial: 'waiting',
  states: {
    waiting: { on: { 'channel.received': { target: 'done', actions: assign({ message: ({ event }) => event.message }) } } },
    done: { type: 'final' },
  },
  output: ({ context }) => ({ message: context.message }),
});

/**
 * A parent that invokes a handshake, then a second machine on the same channel. It waits for `go` first: children of
 * a root's initial state are created with the root, before anyone can watch its system.
 */
function parentOf<H extends typeof seccHandshakeMachine | typeof evccHandshakeMachine>(handshake: H, input: unknown) {
  return setup({ actors: { apphand: handshake as typeof seccHandshakeMachine, next: firstMessage } }).createMachine({
    initial: 'idle',
    states: {
      idle: { on: { go: 'handshake' } },
      handshake: { invoke: { src: 'apphand', id: 'apphand', input: () => input as never, onDone: 'next' } },
      next: { invoke: { src: 'next', id: 'next', onDone: { target: 'done', actions: assign(({ event }) => ({ message: event.output.message })) } } },
      done: { type: 'final' },
    },
    output: ({ context }) => context,
  });
}

const sessionSetupReq = { V2G_Message: { Header: { SessionID: new Uint8Array(8) }, Body: { SessionSetupReq: { EVCCID: new Uint8Array(6) } } } };

test('an invoked handshake reads its request, the next child the message after it; both waited in the channel', async () => {
  const [evccEnd, seccEnd] = memoryConnectionPair();
  const channel = createV2gChannel(seccEnd, { protocol: 'apphand' });
  const req = { supportedAppProtocolReq: offerAppProtocols(['din'], 'tcp') };
  evccEnd.write(Uint8Array.from([...encodeV2gtpFrame(0x8001, encode('apphand', req)), ...encodeV2gtpFrame(0x8001, encode('din', sessionSetupReq))]));
  await flushIo();
  const parent = createActor(parentOf(seccHandshakeMachine, { supported: ['din'], security: 'tcp', timing: timingFor('din') }));
  const wired: string[] = [];
  const watch = watchChildren(parent, (child: AnyActorRef) => {
    wired.push(child.id);
    if (child.id === 'next') channel.useProtocol('din');
    const run = wireOnChannel(child, { channel, name: child.id });
    run.output.catch(() => undefined);
    return run.connectInputs;
  });
  parent.start();
  parent.send({ type: 'go' });
  const output = (await within(toPromise(parent), 'the parent')) as { message?: unknown };
  watch.stop();
  assert.equal(wired, ['apphand', 'next']);
  assert.equal(output.message, { schema: 'din', document: sessionSetupReq });
});

test('what an invoked child emits while it starts (the EVCC\'s request, on entry) goes out', async () => {
  const [evccEnd, seccEnd] = memoryConnectionPair();
  const channel = createV2gChannel(evccEnd, { protocol: 'apphand' });
  const peer = createV2gChannel(seccEnd, { protocol: 'apphand' });
  const atPeer: ChannelEvent[] = [];
  peer.events$.subscribe((e) => atPeer.push(e));
  const parent = createActor(parentOf(evccHandshakeMachine, { preferred: ['din'], security: 'tcp', timing: timingFor('din') }));
  const watch = watchChildren(parent, (child: AnyActorRef) => {
    const run = wireOnChannel(child, { channel, name: child.id });
    run.output.catch(() => undefined);
    return run.connectInputs;
  });
  parent.start();
  parent.send({ type: 'go' });
  await flushIo();
  watch.stop();
  assert.equal(atPeer.map((e) => (e.type === 'channel.received' ? Object.keys(e.message.document) : e.type)), [['supportedAppProtocolReq']]);
  parent.stop();
  channel.close('done');
});

test.run();
