// Through `lab serve-ssh` (real SSH on loopback): every scenario of every lab in lab/ gives the same
// findings and the same ranked root causes over SSH as through the lab driver directly.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeNetwork } from "../../../src/analyzers/analyze.js";
import { LabNetworkSource } from "../../../src/network/lab/driver.js";
import { loadLabFile } from "../../../src/network/lab/load.js";
import { PACKAGE_ROOT } from "../../../src/paths.js";
import { ManualClock } from "../../helpers/clock.js";
import { serveLabOverSsh } from "../../helpers/served-lab.js";

const labFiles = readdirSync(join(PACKAGE_ROOT, "lab")).filter((f) => f.endsWith(".lab.yaml"));

describe("rules-only analysis over SSH", () => {
  for (const file of labFiles) {
    const lab = loadLabFile(join(PACKAGE_ROOT, "lab", file));
    for (const scenario of lab.scenarios) {
      it(`${file} ${scenario.id}`, async () => {
        const clock = new ManualClock();
        const source = new LabNetworkSource(lab, scenario.id, clock);
        const served = await serveLabOverSsh(source, clock);
        try {
          const direct = await analyzeNetwork(source, clock.now());
          const overSsh = await analyzeNetwork(served.connect(), clock.now());
          expect(overSsh.candidates).toEqual(direct.candidates);
          expect(overSsh.findings).toEqual(direct.findings);
          if (scenario.truth) {
            expect(overSsh.candidates[0]).toMatchObject({
              label: scenario.truth.label,
              device: scenario.truth.device,
              interface: scenario.truth.interface,
            });
          }
        } finally {
          await served.close();
        }
      }, 60_000);
    }
  }
});
