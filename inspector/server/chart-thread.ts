/**
 * The statecharts a page asks the inspector server for, drawn off the server's thread (chart-worker.ts): that thread
 * also runs the sessions being watched, and a chart must not make them late. The thread starts with the first chart
 * asked for, so an inspector nobody looks at never loads the layout engine; it does not keep the process alive.
 */
import { Worker } from 'node:worker_threads';

export type ChartRequest = { readonly type: 'learn'; readonly definition: string } | { readonly type: 'chart'; readonly ask: number; readonly machineId: string };
/** The drawn chart (charts.ts's DrawnChart) as the JSON the page fetches; undefined when there is none. */
export interface ChartReply {
  readonly ask: number;
  readonly json: string | undefined;
}

export interface ChartThread {
  /** An actor's announced definition (charts.ts `learn`), for machines not in the registry. */
  learn(definition: string): void;
  /** The chart's JSON; undefined when there is none or the thread failed. */
  chartJson(machineId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export function chartThread(): ChartThread {
  const learnt = new Set<string>();
  const waiting = new Map<number, (json: string | undefined) => void>();
  let asked = 0;
  let worker: Worker | undefined;
  let closed = false;

  const failAll = (): void => {
    for (const resolve of waiting.values()) resolve(undefined);
    waiting.clear();
    worker = undefined;
  };
  const started = (): Worker => {
    if (worker !== undefined) return worker;
    const thread = new Worker(new URL('./chart-worker.js', import.meta.url));
    thread.unref();
    thread.on('message', (reply: ChartReply) => {
      waiting.get(reply.ask)?.(reply.json);
      waiting.delete(reply.ask);
    });
    // A thread that failed answers nothing more: what waits gets no chart, and the next request starts a new one.
    thread.on('error', failAll);
    thread.on('exit', () => {
      if (worker === thread) failAll();
    });
    for (const definition of learnt) thread.postMessage({ type: 'learn', definition } satisfies ChartRequest);
    return (worker = thread);
  };

  return {
    learn(definition) {
      if (learnt.has(definition)) return;
      learnt.add(definition);
      worker?.postMessage({ type: 'learn', definition } satisfies ChartRequest);
    },
    chartJson(machineId) {
      if (closed) return Promise.resolve(undefined);
      const ask = ++asked;
      return new Promise((resolve) => {
        waiting.set(ask, resolve);
        started().postMessage({ type: 'chart', ask, machineId } satisfies ChartRequest);
      });
    },
    async close() {
      closed = true;
      const thread = worker;
      failAll();
      await thread?.terminate();
    },
  };
}
