// The default team. A new specialist is one file and one line here.
import { config } from "./config.js";
import { diagnosis } from "./diagnosis.js";
import { documentation } from "./documentation.js";
import { performance } from "./performance.js";
import { security } from "./security.js";
import type { Specialist } from "./specialist.js";
import type { Team } from "./team.js";

export const SPECIALISTS: readonly Specialist[] = [diagnosis, config, security, performance];

export const DEFAULT_TEAM: Team = { specialists: SPECIALISTS, documentation };
