// Scenario state patches over the baseline: objects merge key by key, lists replace, and logs append
// (a device's log is history: a fault adds to it).
import type { DeviceState } from "./schema.js";

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function merge(base: Plain, patch: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (key === "logs" && Array.isArray(current) && Array.isArray(value)) out[key] = [...current, ...value];
    else if (isPlain(current) && isPlain(value)) out[key] = merge(current, value);
    else out[key] = value;
  }
  return out;
}

export function mergeDeviceState(base: DeviceState, patch: DeviceState | undefined): DeviceState {
  return patch ? (merge(base as Plain, patch as Plain) as DeviceState) : base;
}
