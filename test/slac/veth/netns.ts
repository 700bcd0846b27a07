/**
 * A small lab of Linux network namespaces joined by veth pairs, for the tests and the benchmark that run hosts on
 * real Ethernet frames: each host is a process inside its own namespace (`ip netns exec`). Needs root; where
 * namespaces cannot be made, `cannotMakeNamespaces()` says why so the caller can print it and skip. Everything the
 * lab made (processes, namespaces and with them their interfaces) goes on `close()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Why namespaces cannot be made here, or undefined when they can. */
export function cannotMakeNamespaces(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (network namespaces and raw sockets need it)';
  const probe = `kv-probe-${process.pid}`;
  const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8', timeout: 5_000 });
  if (made.error !== undefined) return `no ip command (${made.error.message})`;
  if (made.status !== 0) return `ip netns add is not permitted here: ${made.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** One end of a veth pair: its namespace, interface name and (optionally) MAC. */
export interface VethEnd {
  readonly ns: string;
  readonly name: string;
  readonly mac?: string;
}

/** How an interface takes part in IPv6: a host's (no DAD wait, so its link-local address is usable at once) or none. */
export type Ipv6Role = 'host' | 'none';

export interface LabProcess {
  readonly child: ChildProcess;
  /** Waits (at most the lab's limit) for the first line of `stream` that passes `match`; rejects if the process exits first. */
  line(match: (line: string) => boolean, stream?: 'stdout' | 'stderr'): Promise<string>;
  /** The exit code (or signal) once the process has ended, at most the lab's limit. */
  exit(): Promise<number | string>;
  /** Everything written so far to `stream`. */
  output(stream: 'stdout' | 'stderr'): string;
}

export class NetnsLab {
  private readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];
  /** Short, so that interface names stay within 15 characters. */
  readonly id = `${process.pid % 100_000}`;

  /** `limitMs` bounds every wait for a line or an exit. */
  constructor(private readonly limitMs: number) {}

  /** Makes namespace `kv-<role>-<id>` and returns its name. */
  namespace(role: string): string {
    const ns = `kv-${role}-${this.id}`;
    ip('netns', 'add', ns);
    this.namespaces.push(ns);
    return ns;
  }

  /** A veth pair between two namespaces, both ends up; IPv6 on each end as its role says. */
  veth(a: VethEnd, b: VethEnd, ipv6: readonly [Ipv6Role, Ipv6Role] = ['host', 'host']): void {
    ip('link', 'add', a.name, ...macArgs(a), 'type', 'veth', 'peer', 'name', b.name, ...macArgs(b));
    for (const [end, role] of [[a, ipv6[0]], [b, ipv6[1]]] as const) {
      ip('link', 'set', end.name, 'netns', end.ns);
      // A bridge's ports must not send frames of their own; a host's address must not wait for DAD (1 s or more).
      const setting = role === 'none' ? 'disable_ipv6=1' : 'accept_dad=0';
      run('ip', ['netns', 'exec', end.ns, 'sysctl', '-qw', `net.ipv6.conf.${end.name}.${setting}`]);
      // A veth passes TCP on as segmentation-offload frames of up to 64 KiB, which a raw-socket bridge reads as one
      // frame too long for any Ethernet; one segment per frame keeps what the host sends wire-sized.
      if (role === 'host') ip('-n', end.ns, 'link', 'set', end.name, 'gso_max_segs', '1');
      ip('-n', end.ns, 'link', 'set', end.name, 'up');
    }
  }

  /** Runs `node args…` inside `ns`. */
  node(ns: string, args: readonly string[]): LabProcess {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    return watch(child, args.join(' '), this.limitMs);
  }

  close(): void {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const ns of this.namespaces) spawnSync('ip', ['netns', 'del', ns], { timeout: 5_000 });
  }
}

function watch(child: ChildProcess, what: string, limitMs: number): LabProcess {
  const text = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.on('data', (chunk: Buffer) => {
      text[stream] += chunk.toString('utf8');
      wake();
    });
  }
  child.on('exit', wake);
  const ended = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const until = <T>(found: () => T | undefined, goal: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const value = found();
        if (value !== undefined || ended()) {
          waiters.delete(check);
          clearTimeout(timer);
          if (value !== undefined) resolve(value);
          else reject(new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before ${goal}; stderr: ${text.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what}: no ${goal} within ${limitMs} ms; stderr: ${text.stderr}`));
      }, limitMs);
      waiters.add(check);
      check();
    });
  return {
    child,
    line: (match, stream = 'stdout') => until(() => text[stream].split('\n').slice(0, -1).find(match), `such ${stream} line`),
    exit: () =>
      new Promise((resolve, reject) => {
        if (ended()) return resolve(child.exitCode ?? child.signalCode ?? 'unknown');
        const timer = setTimeout(() => reject(new Error(`${what} did not exit within ${limitMs} ms; stderr: ${text.stderr}`)), limitMs);
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          resolve(code ?? signal ?? 'unknown');
        });
      }),
    output: (stream) => text[stream],
  };
}

function macArgs(end: VethEnd): string[] {
  return end.mac === undefined ? [] : ['address', end.mac];
}

export function ip(...args: string[]): void {
  run('ip', args);
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 5_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error?.message}`);
}
