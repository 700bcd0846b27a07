/** The machine a figure was taken on, printed with every bench and fuzz result so figures are never quoted bare. */
import { cpus, platform, release } from 'node:os';

export function machine(): string {
  const cores = cpus();
  const cpu = cores[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cores.length} cores, Node ${process.version}, ${platform()} ${release()}`;
}
