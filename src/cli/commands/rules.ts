// nocbot rules [--json]: the config rule catalogue and the state checks, with their stable ids.
import { parseArgs } from "node:util";
import { STATE_CHECKS } from "../../analyzers/analyze.js";
import { CONFIG_RULES } from "../../analyzers/rules/catalogue.js";
import { type Io, json, table } from "../io.js";

export const rulesUsage = "nocbot rules [--json]";

export function runRules(args: string[], io: Io): number {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const rows = [
    ...CONFIG_RULES.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      title: r.title,
      suggests: r.suggests?.label ?? null,
    })),
    ...STATE_CHECKS.map((c) => ({
      id: c.id,
      category: "state",
      severity: c.severity,
      title: c.title,
      suggests: null,
    })),
  ];
  io.out(
    values.json
      ? json(rows)
      : table(
          ["RULE", "CATEGORY", "SEVERITY", "TITLE"],
          rows.map((r) => [r.id, r.category, r.severity, r.title]),
        ),
  );
  return 0;
}
