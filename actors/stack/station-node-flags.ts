/**
 * The Node (V8) flags a busy SECC station process runs with. Each session's state is replaced with every request,
 * about every 100 ms, so at a thousand sessions almost everything a request allocates dies young. Two V8 defaults
 * work against that:
 * - The default young generation is collected about as often as sessions change state, so every collection copies
 *   most sessions' current state. A 32 MiB semi-space makes young collections rarer: bench:secc measured about 10 %
 *   less CPU for the same load; smaller ones cost more CPU, larger ones pause as long at the p99.
 * - Allocation-site pretenuring: V8 allocates the objects of a site whose objects it saw survive straight in the old
 *   generation. A per-request object allocated there (an event, a snapshot) dies within a request, but until the
 *   next full mark-compact its pointers to young objects still count as roots, so what it pointed to survives every
 *   young collection and is promoted in turn. Under bench:secc at N = 1000 (2 workers) 90 % of each young
 *   collection's survivors were promoted, ~4 MB every quarter second per worker, with 20–26 ms pauses; without
 *   pretenuring 25–55 %, ~1 MB, 5–16 ms (docs/PERFORMANCE.md).
 *
 * A cluster station gives them to its workers; a single-process station takes them on its own command line
 * (`node --max-semi-space-size=32 --no-allocation-site-pretenuring …`; V8 reads them only when a process starts and
 * NODE_OPTIONS refuses the second).
 */
export const STATION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--no-allocation-site-pretenuring'];
