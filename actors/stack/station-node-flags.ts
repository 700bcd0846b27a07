/**
 * The Node (V8) flags a busy SECC station process runs with. Each session's state is replaced with every request,
 * about every 100 ms, and at a thousand sessions V8's default young generation is collected about as often, so every
 * collection copies most sessions' current state and promotes much of it, which brings a full mark-compact every few
 * seconds. A 32 MiB semi-space makes young collections rarer: bench:secc measured about 10 % less CPU for the same
 * load; smaller ones cost more CPU, larger ones pause as long at the p99 (docs/PERFORMANCE.md).
 *
 * A cluster station gives them to its workers; a single-process station takes them on its own command line
 * (`node --max-semi-space-size=32 …` or NODE_OPTIONS), since V8 reads them only when a process starts.
 */
export const STATION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
