/**
 * The Node (V8) flags a busy SECC station process runs with. Each session's state changes with every request, about
 * every 100 ms, and V8's default young generation is collected about that often at a thousand sessions: state that
 * lives one request interval then survives two collections and is promoted, filling the old generation and bringing
 * a full mark-compact every few seconds. A 32 MiB semi-space lets it die young. bench:secc measured about 10 % less
 * CPU for the same load (docs/PERFORMANCE.md); larger ones made each young collection pause longer than it saved.
 *
 * A cluster station gives them to its workers; a single-process station takes them on its own command line
 * (`node --max-semi-space-size=32 …` or NODE_OPTIONS), since V8 reads them only when a process starts.
 */
export const STATION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
