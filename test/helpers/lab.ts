import { LabNetworkSource } from "../../src/network/lab/driver.js";
import { loadLabFile } from "../../src/network/lab/load.js";
import type { Lab } from "../../src/network/lab/schema.js";
import { DEFAULT_LAB_FILE } from "../../src/paths.js";
import { ManualClock } from "./clock.js";

let cached: Lab | null = null;

export function defaultLab(): Lab {
  cached ??= loadLabFile(DEFAULT_LAB_FILE);
  return cached;
}

export function labIn(scenario: string | null, clock = new ManualClock()) {
  return { network: new LabNetworkSource(defaultLab(), scenario, clock), clock };
}
