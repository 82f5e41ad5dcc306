// CPU, memory and temperature: `show processes cpu`, `show processes memory` and `show environment`.
import { round2 } from "./text.js";

export interface CpuLoad {
  five_seconds: number;
  one_minute: number;
  five_minutes: number;
}

export function parseShowProcessesCpu(text: string): CpuLoad | null {
  const m =
    /CPU utilization for five seconds: (\d+)%(?:\/\d+%)?; one minute: (\d+)%; five minutes: (\d+)%/.exec(
      text,
    );
  return m ? { five_seconds: Number(m[1]), one_minute: Number(m[2]), five_minutes: Number(m[3]) } : null;
}

export function renderShowProcessesCpu(pct: number): string {
  const p = Math.round(pct);
  return `CPU utilization for five seconds: ${p}%/0%; one minute: ${p}%; five minutes: ${p}%
 PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process
   1           0          22          0  0.00%  0.00%  0.00%   0 Chunk Manager
`;
}

export interface MemoryPool {
  total: number;
  used: number;
  free: number;
}

export function parseShowProcessesMemory(text: string): MemoryPool | null {
  const m = /^Processor Pool Total:\s*(\d+) Used:\s*(\d+) Free:\s*(\d+)/m.exec(text);
  return m ? { total: Number(m[1]), used: Number(m[2]), free: Number(m[3]) } : null;
}

const POOL_BYTES = 1_000_000_000;

export function renderShowProcessesMemory(usedPct: number): string {
  const used = Math.round((usedPct / 100) * POOL_BYTES);
  return `Processor Pool Total: ${POOL_BYTES} Used: ${used} Free: ${POOL_BYTES - used}
 lsmpi_io Pool Total:    6295128 Used:    6294296 Free:        832

 PID TTY  Allocated      Freed    Holding    Getbufs    Retbufs Process
   0   0  209299480   13474544  178205704          0          0 *Init*
`;
}

export const memoryUsedPct = (pool: MemoryPool): number =>
  pool.total > 0 ? round2((pool.used / pool.total) * 100) : 0;

/**
 * Every temperature reading, whatever the platform prints: a routers' sensor table ("Temp: CPU  Normal
 * 47 Celsius") or a switch's "Inlet Temperature Value: 29 Degree Celsius". The hottest one counts.
 */
export function parseTemperatures(text: string): number[] {
  return [
    ...text.matchAll(/Temp(?:erature)?(?: Value)?:?.*?\s(-?\d+(?:\.\d+)?)\s*(?:Degree )?(?:Celsius|C)\b/gi),
  ].map((m) => Number(m[1]));
}

/** A router's sensor table; a virtual router (null) has no sensors to list. */
export function renderShowEnvironment(temperatureC: number | null): string {
  const t = temperatureC === null ? null : Math.round(temperatureC);
  const sensors =
    t === null
      ? ""
      : ` R0      Temp: Inlet     Normal              ${t} Celsius     (45 ,55 ,65 ,70 )(Celsius)
 R0      Temp: CPU       Normal              ${t} Celsius     (90 ,95 ,105,110)(Celsius)
`;
  return `Number of Critical alarms:  0
Number of Major alarms:     0
Number of Minor alarms:     0

 Slot    Sensor          Current State       Reading        Threshold(Minor,Major,Critical,Shutdown)
 ----    ------          -------------       -------        ---------------------------------------
${sensors}`;
}
