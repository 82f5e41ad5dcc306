// The specialists the supervisor can route to. A new specialist is one file and one line here.
import { config } from "./config.js";
import { diagnosis } from "./diagnosis.js";
import { performance } from "./performance.js";
import { security } from "./security.js";
import type { Specialist } from "./specialist.js";

export const SPECIALISTS: readonly Specialist[] = [diagnosis, config, security, performance];

export function specialistNamed(name: string): Specialist | undefined {
  return SPECIALISTS.find((s) => s.name === name);
}
