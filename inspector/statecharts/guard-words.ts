/**
 * Guards as a reviewer reads them: `and(request(PowerDeliveryReq), answerFails)` drawn as the message that arrived,
 * `PowerDeliveryReq`, with the rest in words, `[answer fails]`. The code names stay in the JSON, SCXML and Mermaid
 * exports and in the diagram's hover text; only the drawing says them in words.
 */

/** A guard expression as export-json.ts writes it: `name`, `name(params)`, `and(a, b)`, `or(a, b)`, `not(a)`. */
interface GuardCall {
  readonly name: string;
  readonly args: readonly string[];
}

/** The guard whose parameter is the request a received message carries (the SECC machines' `request`). */
const REQUEST_GUARD = 'request';
const ACRONYMS: Readonly<Record<string, string>> = { ev: 'EV', evse: 'EVSE', dc: 'DC', ac: 'AC', id: 'ID', slac: 'SLAC', tls: 'TLS' };

function parse(guard: string): GuardCall {
  const open = guard.indexOf('(');
  if (open < 0 || !guard.endsWith(')')) return { name: guard, args: [] };
  const inner = guard.slice(open + 1, -1);
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      args.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(inner.slice(start).trim());
  return { name: guard.slice(0, open), args };
}

/** `answerFails` → `answer fails`, `evseProcessingFinished` → `EVSE processing finished`; a standard's name as it is. */
function identifierWords(name: string): string {
  if (/^[A-Z]/.test(name) || !/^[A-Za-z]\w*$/.test(name)) return name;
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase())
    .join(' ');
}

export function guardWords(guard: string): string {
  const { name, args } = parse(guard);
  if (args.length === 0) return identifierWords(name);
  const part = (arg: string): string => {
    const words = guardWords(arg);
    return ['and', 'or'].includes(parse(arg).name) ? `(${words})` : words;
  };
  if (name === 'and' || name === 'or') return args.map(part).join(` ${name} `);
  if (name === 'not') return `not ${part(args[0]!)}`;
  // Parameters by value: `chargeProgress(progress: Start, mode: dc)` → `charge progress Start, DC`.
  const values = args.map((a) => {
    const value = a.includes(': ') ? a.slice(a.indexOf(': ') + 2) : a;
    return ACRONYMS[value] ?? value;
  });
  return `${identifierWords(name)} ${values.join(', ')}`;
}

/**
 * A guard that names the request a message carries, alone or first in an `and`: the request (`SessionStopReq`) and
 * what else the guard checks (`pauseRequested`), else undefined.
 */
export function requestOf(guard: string): { readonly request: string; readonly rest?: string } | undefined {
  const call = parse(guard);
  if (call.name === REQUEST_GUARD && call.args.length === 1) return { request: call.args[0]! };
  if (call.name !== 'and') return undefined;
  const first = call.args[0] === undefined ? undefined : parse(call.args[0]);
  if (first?.name !== REQUEST_GUARD || first.args.length !== 1) return undefined;
  const others = call.args.slice(1);
  return { request: first.args[0]!, rest: others.length === 1 ? others[0]! : `and(${others.join(', ')})` };
}
