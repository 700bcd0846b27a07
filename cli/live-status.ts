/**
 * The demo's live view: one line each time a machine enters a new state, with what the vehicle and the power stage
 * measure at that moment. Written for people watching a run; `--json` turns it off.
 */
import type { AnyActorRef } from 'xstate';
import type { VehicleAdapter, VehicleCommand } from '../adapters/vehicle/vehicle-adapter.js';

export type StatusLine = (role: string, actor: AnyActorRef) => void;

export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}.${stateName(v)}`).join(',');
  return String(value);
}

/**
 * Prints a line each time `actor` enters another top-level state, until it stops; `details` adds the measurements of
 * the moment. Substates are left out: a CurrentDemand loop would otherwise print two lines per message.
 */
export function followStates(actor: AnyActorRef, role: string, start: number, now: () => number, details: () => string, write: (line: string) => void): void {
  let last = '';
  actor.subscribe({
    next: (snapshot: { value?: unknown }) => {
      const state = stateName(snapshot.value).split('.')[0];
      if (state === last) return;
      last = state;
      const t = ((now() - start) / 1000).toFixed(3).padStart(8);
      write(`[${t} s] ${role.padEnd(14)} ${state.padEnd(34)} ${details()}\n`);
    },
    error: () => undefined,
  });
}

/** What the live status line shows of a charging session; `soc` is absent where the EV does not tell it (AC). */
export interface ChargingSample {
  readonly soc?: number;
  readonly voltage: number;
  /** DC current, or AC current per phase. */
  readonly current: number;
  readonly powerW: number;
  readonly energyWh: number;
}

export function formatChargingSample(s: ChargingSample): string {
  const soc = s.soc === undefined ? '' : `SoC ${s.soc.toFixed(1).padStart(5)} %  `;
  return `${soc}${s.voltage.toFixed(0).padStart(4)} V ${s.current.toFixed(1).padStart(6)} A ${(s.powerW / 1000).toFixed(1).padStart(6)} kW ${(s.energyWh / 1000).toFixed(2).padStart(7)} kWh`;
}

/** Where the view writes: a terminal gets the status line redrawn in place, anything else plain lines. */
export interface ViewOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A terminal's status line is redrawn this often; a log file gets a plain status line at the slower pace. */
const REDRAW_MS = 250;
const PLAIN_LINE_MS = 10_000;

/**
 * The live view of `evcc` and `secc`: the state lines, and while energy flows one status line (SoC, V, A, kW,
 * energy) that a terminal sees updated in place under them; written to a file or a pipe, the status comes as a plain
 * line every 10 s instead, so a log holds the charging curve without control characters.
 */
export class LiveView {
  private status = '';
  private readonly timer: NodeJS.Timeout;
  private lastPlain = -Infinity;

  /** `sample` is polled: undefined while no energy flows (no status line then). */
  constructor(
    private readonly out: ViewOutput,
    private readonly sample: () => string | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.refresh(), REDRAW_MS);
    this.timer.unref();
  }

  /** A permanent line (a state line): written above the status line, which is drawn again under it. */
  readonly line = (text: string): void => {
    if (!this.out.isTTY) return void this.out.write(text);
    this.out.write(`${this.status ? '\r\x1b[2K' : ''}${text}${this.status}`);
  };

  refresh(): void {
    const text = this.sample();
    if (!this.out.isTTY) {
      if (text === undefined || this.now() - this.lastPlain < PLAIN_LINE_MS) return;
      this.lastPlain = this.now();
      return void this.out.write(`${text}\n`);
    }
    const status = text ?? '';
    if (status === this.status) return;
    this.out.write(`\r\x1b[2K${status}`);
    this.status = status;
  }

  /** Clears the status line and stops polling. */
  close(): void {
    clearInterval(this.timer);
    if (this.out.isTTY && this.status) this.out.write('\r\x1b[2K');
    this.status = '';
  }
}

/** What the live view reads of the vehicle: the adapter the session drives, and what its battery holds. */
export interface WatchableVehicle {
  readonly adapter: VehicleAdapter;
  soc(): number;
  energyCapacity(): number;
}

/**
 * The EVCC's side of the live view: `vehicle` is what the session drives (the vehicle's adapter, its charging
 * commands seen on the way), `sample` what the status line shows while the EVSE delivers: its present voltage and
 * current as the session reports them to the vehicle, and the energy the battery took.
 */
export function watchedVehicle(watched: WatchableVehicle): { vehicle: VehicleAdapter; sample: () => string | undefined } {
  const initialSoc = watched.soc();
  let charging: Extract<VehicleCommand, { type: 'charging' }> | undefined;
  return {
    vehicle: {
      status$: watched.adapter.status$,
      command(command) {
        watched.adapter.command(command);
        if (command.type === 'charging') charging = command.active ? command : undefined;
      },
    },
    sample: () => {
      if (charging === undefined) return undefined;
      const soc = watched.soc();
      const powerW = charging.voltage * charging.current * (charging.phases ?? 1);
      return formatChargingSample({ soc, voltage: charging.voltage, current: charging.current, powerW, energyWh: ((soc - initialSoc) / 100) * watched.energyCapacity() });
    },
  };
}

/** The RESS SoC an EV reports in a DC request (DC_EVStatus.EVRESSSOC, DIN 70121 and ISO 15118-2), if this one has it. */
export function evSocOf(message: unknown): number | undefined {
  const body = (Object.values(message ?? {})[0] as { Body?: Record<string, { DC_EVStatus?: { EVRESSSOC?: unknown } }> } | undefined)?.Body;
  const soc = body && Object.values(body)[0]?.DC_EVStatus?.EVRESSSOC;
  return typeof soc === 'number' ? soc : undefined;
}
