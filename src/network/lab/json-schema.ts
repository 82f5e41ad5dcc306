// The lab format as JSON Schema, for editors and other tools; generated from the zod schema so the two
// cannot drift (a test compares it with the shipped lab/lab.schema.json).
import { z } from "zod";
import { LabSchema } from "./schema.js";

export function labJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(LabSchema, { io: "input", unrepresentable: "any" }),
    title: "nocbot lab file",
    description:
      "Topology, configs, baseline state and fault scenarios of a nocbot lab network (docs/lab-format.md)",
  };
}
