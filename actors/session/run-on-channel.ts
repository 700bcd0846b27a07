/**
 * The glue between a pure machine and the world, the same for the supportedAppProtocol handshake and every session
 * machine, whether the runner creates it or a parent machine invokes it: the channel's events and the vehicle's status
 * go in as events, the power module's status with each received message (SeccChannelEvent); what the machine emits
 * (`channel.send`, `channel.close`, `vehicle.command`, `evse.command`) is carried out; its output settles a promise.
 *
 * A failure of the wiring (a command for an adapter that was not given, an adapter that throws) closes the channel
 * with a reason naming it, so the machine ends through its own `channel.closed` path instead of the process crashing.
 */
import { ReplaySubject, Subscription, takeUntil } from 'rxjs';
import {
  createActor,
  type Actor,
  type ActorOptions,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type InputFrom,
  type OutputFrom,
} from 'xstate';
import type { PowerModule } from '../../adapters/evse.js';
import type { VehicleAdapter } from '../../adapters/vehicle/vehicle-adapter.js';
import type { EvseAuthorization } from '../../adapters/evse/authorization.js';
import type { SeccContractService } from './secc-contract-service.js';
import type { EvccContractService } from './evcc-contract-service.js';
import type { Iso20PncCommand, Iso20PncEvent } from '../../machines/iso20/evcc/iso20-evcc-pnc.js';
import type { EnergyPlanning } from '../../adapters/evse/energy-management.js';
import type { SeccAskEvent, SeccReply, SeccReplyEvent } from '../../machines/session/secc/secc-pending.js';
import { seccClassifierOf, type SeccClassifiedEvent } from '../../machines/session/secc/secc-session-kit.js';
import type { EvseStatus } from '../../adapters/evse.js';
import type {
  ChannelCommand,
  ChannelEvent,
  PowerCommandEvent,
  SeccChannelEvent,
  VehicleCommandEvent,
  VehicleEvent,
} from '../../machines/session/session-events.js';
import type { V2gChannel } from '../channel/v2g-channel-actor.js';
import { systemClock, type Clock } from '../../base/clock.js';

/** What runOnChannel starts a machine with: its input, the wiring's adapters and channel, and the actor's options. */
export interface RunOnChannelOptions<TMachine extends AnyStateMachine> extends Omit<ChannelWiring, 'name'> {
  readonly input: InputFrom<TMachine>;
  readonly inspect?: ActorOptions<TMachine>['inspect'];
  readonly id?: string;
  readonly systemId?: string;
}

export interface MachineRun<TMachine extends AnyStateMachine> {
  readonly actor: Actor<TMachine>;
  /** The machine's output once it reaches its final state; rejects if it fails with an error or is stopped first. */
  readonly output: Promise<OutputFrom<TMachine>>;
}

/** What the runner sends in. */
type RunnerEvent = ChannelEvent | SeccChannelEvent | VehicleEvent | SeccReplyEvent | Iso20PncEvent;
/** What the runner carries out; other emitted events are for observers. */
type RunnerCommand = ChannelCommand | VehicleCommandEvent | PowerCommandEvent | SeccAskEvent | Iso20PncCommand;

const RUNNER_COMMANDS: ReadonlySet<string> = new Set<RunnerCommand['type']>([
  'channel.send',
  'channel.close',
  'vehicle.command',
  'evse.command',
  'backend.ask',
  'contract.sign',
  'contract.install',
]);

function isRunnerCommand(emitted: { readonly type: string }): emitted is RunnerCommand {
  return RUNNER_COMMANDS.has(emitted.type);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function runOnChannel<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: RunOnChannelOptions<TMachine>,
): MachineRun<TMachine> {
  // XState's option type depends on whether the machine declares input; every machine run here does.
  const actorOptions = {
    input: options.input,
    // XState spreads its options over its defaults, so an undefined clock would replace its own.
    clock: options.clock ?? systemClock,
    inspect: options.inspect,
    id: options.id,
    systemId: options.systemId,
  } as ActorOptions<TMachine>;
  const actor = createActor(machine, actorOptions) as Actor<TMachine>;
  const wired = wireOnChannel(actor, { ...options, name: options.id ?? machine.id });
  actor.start();
  wired.connectInputs();
  return { actor, output: wired.output as Promise<OutputFrom<TMachine>> };
}

/** What `wireOnChannel` connects an actor to. */
export interface ChannelWiring {
  readonly channel: V2gChannel;
  /**
   * Drives the machine's named delays (the standard's timers) and stamps the `time` of each received message that goes
   * in with the power module's status; default the system clock; tests give XState's SimulatedClock.
   */
  readonly clock?: Clock;
  /** Needed by machines that emit `vehicle.command`; its `status$` is sent in as `vehicle.status`. */
  readonly vehicle?: VehicleAdapter;
  /**
   * Needed by machines that emit `evse.command` (the SECC's): its latest status goes in with each received message.
   * It must report a status on subscription, as adapters/evse.ts requires.
   */
  readonly power?: PowerModule;
  /**
   * Asked what an SECC machine asks outside its session (`backend.ask`), its verdict sent back as `backend.reply`. Without
   * one the EVSE's own identification (`EvseStatus.authorized`) decides.
   */
  readonly authorization?: EvseAuthorization;
  /**
   * Asked for an ISO 15118-20 session's schedules or targets (`backend.ask` of kind `schedule`). Without one the reply
   * has no plan and the SECC plans from the stage's limits.
   */
  readonly energyPlanning?: EnergyPlanning;
  /** Answers a Plug & Charge SECC's contract and certificate questions (secc-contract-service.ts). */
  readonly contracts?: SeccContractService;
  /** Signs an EVCC's Plug & Charge requests and installs its contracts (evcc-contract-service.ts). */
  readonly vehicleContracts?: EvccContractService;
  /** Names the actor in close reasons. */
  readonly name: string;
}

export interface WiredActor {
  /** The actor's output once it reaches its final state; rejects if it fails with an error or is stopped first. */
  readonly output: Promise<unknown>;
  /**
   * Subscribes its inputs; called once it has started (XState starts a machine's queue only at the end of `start`, so
   * messages already waiting would all be queued before the first could end the machine).
   */
  connectInputs(): void;
}

/**
 * Wires an actor that has not started yet to `channel` and the adapters: one it is about to start (runOnChannel), or
 * one its parent machine has just invoked (XState reports a child when it creates it, before it starts:
 * actors/stack/child-wiring.ts). Its emitted commands are carried out from its first step on.
 */
export function wireOnChannel(actor: AnyActorRef, wiring: ChannelWiring): WiredActor {
  const { channel, vehicle, power, authorization, energyPlanning, contracts, vehicleContracts, name } = wiring;
  const clock = wiring.clock ?? systemClock;
  // An SECC session of the kit gets each message classified here, by its own pure classifier, rather than classifying
  // it in a step of its own. Only from outside the machine's step (`feeding`) is its snapshot's context the one it
  // would classify with; a message arriving during its step, were there one, it classifies itself.
  const classify = 'logic' in actor ? seccClassifierOf(actor.logic) : undefined;
  let feeding = false;
  // A machine run here declares the events it takes among these; those it does not declare it ignores.
  const feed = (event: RunnerEvent | SeccClassifiedEvent): void => {
    if (feeding) return actor.send(event);
    feeding = true;
    try {
      const snapshot = actor.getSnapshot() as AnyMachineSnapshot;
      actor.send(classify !== undefined && event.type === 'channel.received' && 'evse' in event && snapshot.status === 'active' ? classify(snapshot.context, event) : event);
    } finally {
      feeding = false;
    }
  };

  const perform = (command: RunnerCommand): void => {
    try {
      switch (command.type) {
        case 'channel.send':
          return channel.send(command.message);
        case 'channel.close':
          return channel.close(command.reason, command.afterPeer);
        case 'vehicle.command':
          if (!vehicle) return channel.close(`${name} emitted vehicle.command, but no vehicle adapter was given`);
          return vehicle.command(command.command);
        case 'evse.command':
          if (!power) return channel.close(`${name} emitted evse.command, but no power module was given`);
          return power.command(command.command);
        case 'backend.ask':
          return ask(command.question);
        case 'contract.sign':
        case 'contract.install':
          return contractCommand(command);
      }
    } catch (err) {
      channel.close(`${command.type} failed: ${messageOf(err)}`);
    }
  };

  // Stops the inputs synchronously when the machine ends, even in the middle of a delivery, so a message meant for the
  // next machine on this channel stays in the channel instead of reaching this finished one. It replays, so an input
  // subscribed after the end (a machine that ended while starting) is never read at all.
  const finished$ = new ReplaySubject<void>(1);
  const subscriptions = new Subscription();
  const questions = new AbortController();
  const finish = (): void => {
    finished$.next();
    subscriptions.unsubscribe();
    questions.abort();
  };

  // The verdict comes whenever it comes; the time it came goes with it (a deferred answer is sent then).
  const replied = (question: SeccAskEvent['question'], reply: Promise<SeccReply>): void => {
    reply.then(
      (answer) => questions.signal.aborted || feed({ type: 'backend.reply', reply: answer, time: clock.now() }),
      (err: unknown) => questions.signal.aborted || channel.close(`${name}: ${question.kind} failed: ${messageOf(err)}`),
    );
  };
  const ask = (question: SeccAskEvent['question']): void => {
    const { signal } = questions;
    switch (question.kind) {
      case 'authorization':
        if (authorization) replied(question, authorization.authorize(question, signal).then((verdict) => ({ kind: 'authorization', verdict })));
        return;
      case 'schedule': {
        const plan = energyPlanning ? energyPlanning.plan(question, signal) : Promise.resolve(undefined);
        return replied(question, plan.then((planned) => (planned === undefined ? { kind: 'schedule' } : { kind: 'schedule', plan: planned })));
      }
      case 'contract':
      case 'certificate':
        if (!contracts) return channel.close(`${name} asked a ${question.kind} question, but no contract service was given`);
        return replied(question, question.kind === 'contract' ? contracts.contract(question, signal) : contracts.certificate(question, signal));
    }
  };

  // The vehicle's keys answer whenever they answer (a token may be slow); a failure is the machine's to handle.
  const contractCommand = (command: Iso20PncCommand): void => {
    const work: Promise<Iso20PncEvent> = !vehicleContracts
      ? Promise.reject(new Error(`${name} emitted ${command.type}, but the vehicle has no contract service`))
      : command.type === 'contract.sign'
        ? vehicleContracts.sign(command.document, command.key).then((signature) => ({ type: 'contract.signed', signature }))
        : vehicleContracts.install(command.response).then((chain) => ({ type: 'contract.installed', chain }));
    work.then(
      (event) => questions.signal.aborted || feed(event),
      (err: unknown) => questions.signal.aborted || feed({ type: 'contract.failed', reason: messageOf(err) }),
    );
  };

  // An adapter whose status stream fails ends this session through its channel; unhandled, RxJS would rethrow the
  // error asynchronously and take the process, and every other session, with it.
  const adapterFailed = (adapter: string) => (err: unknown): void => channel.close(`${name}: the ${adapter}'s status failed: ${messageOf(err)}`);
  const connectInputs = (): void => {
    let evse: EvseStatus | undefined;
    if (power) {
      subscriptions.add(power.status$.pipe(takeUntil(finished$)).subscribe({ next: (status) => (evse = status), error: adapterFailed('power module') }));
      if (evse === undefined) channel.close(`${name}: the power module did not report its status on subscription`);
    }
    subscriptions.add(
      channel.events$.pipe(takeUntil(finished$)).subscribe((event) => {
        // A literal, not a spread of the channel's event: this runs for every request, and the spread cost ~1 µs of 23.
        feed(event.type === 'channel.received' && evse !== undefined ? { type: 'channel.received', message: event.message, evse, time: clock.now() } : event);
      }),
    );
    if (vehicle) {
      subscriptions.add(
        vehicle.status$.pipe(takeUntil(finished$)).subscribe({ next: (status) => feed({ type: 'vehicle.status', status }), error: adapterFailed('vehicle') }),
      );
    }
  };

  const output = new Promise<unknown>((resolve, reject) => {
    subscriptions.add(
      actor.subscribe({
        next: (value) => {
          // SnapshotFrom of an unresolved machine type has no fields; every machine snapshot has these.
          const snapshot = value as AnyMachineSnapshot;
          if (snapshot.status !== 'done') return;
          finish();
          resolve(snapshot.output);
        },
        error: (err) => {
          finish();
          channel.close(`${name} failed: ${messageOf(err)}`);
          reject(err);
        },
        complete: () => {
          finish();
          reject(new Error(`${name} was stopped before reaching a final state`));
        },
      }),
    );
  });

  subscriptions.add(actor.on('*', (emitted) => {
    if (isRunnerCommand(emitted)) perform(emitted);
  }));
  return { output, connectInputs };
}
