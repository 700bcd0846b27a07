/**
 * The statechart the page draws for an actor, by its machine's id: laid out and rendered by the same code as
 * docs/statecharts/ (export-json.ts, layout.ts, svg.ts), in Node, so the browser needs no layout engine and the live
 * diagram is the reviewed one. A registered machine (machines/registry.ts) is drawn from its code; any other machine
 * from the definition its actor announced on the stream.
 */
import { createMachine } from 'xstate';
import { MACHINES } from '../../machines/registry.js';
import { createElk } from '../statecharts/elk-node.js';
import { exportStatechart } from '../statecharts/export-json.js';
import type { StatechartSource } from '../statecharts/files.js';
import { layoutStatechart } from '../statecharts/layout.js';
import { withNotes } from '../statecharts/notes.js';
import type { StatechartExport } from '../statecharts/model.js';
import { renderSvg } from '../statecharts/svg.js';

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

export function chartSource(): ChartSource {
  const elk = createElk();
  const definitions = new Map<string, string>();
  const drawn = new Map<string, Promise<DrawnChart | undefined>>();

  async function draw({ name, machine, notes }: StatechartSource): Promise<DrawnChart> {
    const exported = exportStatechart(name, machine);
    const chart = notes === undefined ? exported : withNotes(exported, notes);
    return { chart, svg: renderSvg(await layoutStatechart(chart, elk), `${name} (${chart.id})`) };
  }

  function machineFor(machineId: string): StatechartSource | undefined {
    const registered = MACHINES.find((m) => m.machine.id === machineId);
    if (registered !== undefined) return registered;
    const definition = definitions.get(machineId);
    // Guards and actions arrive as `{ type: name }`: enough to draw them, never run.
    return definition === undefined ? undefined : { name: machineId, machine: createMachine(JSON.parse(definition) as Parameters<typeof createMachine>[0]) };
  }

  return {
    learn(definition) {
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
