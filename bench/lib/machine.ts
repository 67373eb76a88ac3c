import { availableParallelism, cpus, platform, release } from 'node:os';

/** What the figures were measured on, printed with them. */
export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  date: string;
}

export function describeMachine(now = new Date()): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    os: `${platform()} ${release()}`,
    date: now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}
