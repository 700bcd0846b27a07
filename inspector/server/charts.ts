/**
 * The statechart the page draws for an actor, by its machine's id, laid out in Node so the browser needs no layout
 * engine. A registered machine (machines/registry.ts) is served as docs/statecharts/ has it, laid out ahead of time by
 * `npm run statecharts` (a layout takes seconds of CPU, which the sessions in this process must not wait for): its
 * exported JSON is compared with what its code exports now, which is cheap, and only where they differ (a machine
 * changed since the export) is it laid out here. Any other machine is drawn from the definition its actor announced
 * on the stream.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMachine } from 'xstate';
import { MACHINES } from '../../machines/registry.js';
import { createElk } from '../statecharts/elk-node.js';
import { exportStatechart } from '../statecharts/export-json.js';
import type { StatechartSource } from '../statecharts/files.js';
import { layoutStatechart } from '../statecharts/layout.js';
import { withNotes } from '../statecharts/notes.js';
import type { StatechartExport } from '../statecharts/model.js';
import { renderSvg } from '../statecharts/svg.js';
import { PROJECT_ROOT } from './static-files.js';

const EXPORTED = join(PROJECT_ROOT, 'docs', 'statecharts');

/** A machine to draw, and whether docs/statecharts/ has its export laid out ahead of time. */
interface ChartInput extends StatechartSource {
  readonly registered: boolean;
}

export interface DrawnChart {
  readonly chart: StatechartExport;
  readonly svg: string;
}

export interface ChartSource {
  /** Remembers an actor's JSON definition (`@xstate.actor`'s `definition`) for machines not in the registry. */
  learn(definition: string): void;
  /** Undefined when no machine of that id is registered or was announced. */
  chart(machineId: string): Promise<DrawnChart | undefined>;
}

/** How a chart is laid out when it must be: ELK in this process (a test counts the calls). */
export type LayOut = (chart: StatechartExport) => Promise<string>;

export function chartSource(layOut?: LayOut): ChartSource {
  let elk: ReturnType<typeof createElk> | undefined;
  const layOutHere: LayOut = async (chart) => renderSvg(await layoutStatechart(chart, (elk ??= createElk())), `${chart.name} (${chart.id})`);
  const layOutChart = layOut ?? layOutHere;
  const definitions = new Map<string, string>();
  const learnt = new Set<string>();
  const drawn = new Map<string, Promise<DrawnChart | undefined>>();

  async function draw({ name, machine, notes, registered }: ChartInput): Promise<DrawnChart> {
    const exported = exportStatechart(name, machine);
    const chart = notes === undefined ? exported : withNotes(exported, notes);
    if (registered) {
      const committed = await readExported(name);
      if (committed !== undefined && committed.json === `${JSON.stringify(chart, null, 2)}\n`) return { chart, svg: committed.svg };
    }
    return { chart, svg: await layOutChart(chart) };
  }

  function machineFor(machineId: string): ChartInput | undefined {
    const registered = MACHINES.find((m) => m.machine.id === machineId);
    if (registered !== undefined) return { ...registered, registered: true };
    const definition = definitions.get(machineId);
    // Guards and actions arrive as `{ type: name }`: enough to draw them, never run.
    return definition === undefined ? undefined : { name: machineId, machine: createMachine(JSON.parse(definition) as Parameters<typeof createMachine>[0]), registered: false };
  }

  return {
    learn(definition) {
      // Every session announces the same few definitions (actors/runtime/inspection.ts converts each once, so they are
      // even the same strings): each is parsed once.
      if (learnt.has(definition)) return;
      learnt.add(definition);
      try {
        const id: unknown = (JSON.parse(definition) as { id?: unknown }).id;
        if (typeof id === 'string' && !definitions.has(id)) definitions.set(id, definition);
      } catch {
        // A definition that is not JSON cannot be drawn; its actor is still listed and logged.
      }
    },
    chart(machineId) {
      let result = drawn.get(machineId);
      if (result === undefined) {
        // A definition that XState rejects yields no chart rather than a failed request.
        result = Promise.resolve()
          .then(() => {
            const source = machineFor(machineId);
            return source === undefined ? undefined : draw(source);
          })
          .catch(() => undefined);
        drawn.set(machineId, result);
      }
      return result;
    },
  };
}

/** The committed export of a registered machine, or undefined where it is absent (an installation without docs/). */
async function readExported(name: string): Promise<{ readonly json: string; readonly svg: string } | undefined> {
  try {
    const [json, svg] = await Promise.all([readFile(join(EXPORTED, `${name}.json`), 'utf8'), readFile(join(EXPORTED, `${name}.svg`), 'utf8')]);
    return { json, svg };
  } catch {
    return undefined;
  }
}
