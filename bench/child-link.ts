/**
 * The bench's side of a worker process: typed messages out, and the next message of a given type in, bounded in time
 * and failing at once if the worker exits first (its stderr is the bench's, so its own words come with it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { WORKER_LISTENING } from './bench-messages.js';

interface Typed {
  readonly type: string;
}

export class ChildLink<In extends Typed, Out extends Typed> {
  private readonly child: ChildProcess;
  private readonly received: In[] = [];
  /** What was sent before the worker listened (bench-messages.ts); undefined once it does. */
  private unsent: Out[] | undefined = [];
  private exit: string | undefined;
  private wake: () => void = () => undefined;
  readonly exited: Promise<void>;

  /** `execArgv` replaces the bench's own Node flags: a profiled or gc-exposed bench does not profile every worker. */
  constructor(
    readonly name: string,
    modulePath: string,
    execArgv: readonly string[],
  ) {
    this.child = fork(modulePath, [], { execArgv: [...execArgv], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: In | { readonly type: typeof WORKER_LISTENING }) => {
      if (message.type === WORKER_LISTENING) return this.listening();
      this.received.push(message as In);
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
        this.wake();
        resolve();
      }),
    );
  }

  send(message: Out): void {
    if (this.unsent) this.unsent.push(message);
    else this.child.send(message);
  }

  private listening(): void {
    const unsent = this.unsent ?? [];
    this.unsent = undefined;
    for (const message of unsent) this.child.send(message);
  }

  /** One caller at a time: the bench waits for one message of a worker after another. */
  async next<T extends In['type']>(type: T, timeoutMs: number): Promise<Extract<In, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((m) => m.type === type);
      if (index >= 0) return this.received.splice(index, 1)[0] as Extract<In, { type: T }>;
      if (this.exit !== undefined) throw new Error(`the ${this.name} ${this.exit} before sending '${type}'`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the ${this.name} sent no '${type}' within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Ends the worker now (SIGKILL, this child only): a run that failed leaves nothing behind. */
  kill(): void {
    if (this.exit === undefined) this.child.kill('SIGKILL');
  }

  /** Waits for the worker to exit by itself, then ends it if it has not (SIGKILL, this child only). */
  async finish(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    const ended = await Promise.race([this.exited.then(() => 'exited' as const), late]);
    clearTimeout(timer);
    if (ended === 'late') {
      this.kill();
      await this.exited;
    }
  }
}
