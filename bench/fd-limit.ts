/**
 * Each session is one socket in the SECC process and one in the EVCC fleet's, so N = 1000 needs a little over 1000
 * open files per process; many shells default to 1024. The soft limit is read from /proc/self/limits (Linux); the
 * workers inherit it.
 */
import { readFileSync } from 'node:fs';

/** Files a process of the bench opens besides its sessions' sockets (listeners, pipes, libraries), with margin. */
export const FD_OVERHEAD = 64;

/** The soft limit on open files; undefined where it cannot be read. */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft === undefined) return undefined;
    return soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return undefined;
  }
}

/** Why `sessions` cannot run here, or undefined when they can (or the limit is unknown). */
export function fdLimitProblem(sessions: number): string | undefined {
  const limit = openFileLimit();
  const needed = sessions + FD_OVERHEAD;
  if (limit === undefined || limit >= needed) return undefined;
  return (
    `N = ${sessions} needs about ${needed} open files in the SECC process and as many in the EVCC process, ` +
    `but the limit (ulimit -n) is ${limit}. Raise it in this shell, e.g. \`ulimit -n ${Math.max(4096, needed)}\`, ` +
    'then run the bench again (or pass a smaller --n).'
  );
}
