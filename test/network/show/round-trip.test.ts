// Renderers and parsers meet: every device of every scenario of every lab in lab/, rendered as IOS prints
// it and read back by the IOS driver, equals what the lab driver says, at the precision IOS prints.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LabNetworkSource } from "../../../src/network/lab/driver.js";
import { loadLabFile } from "../../../src/network/lab/load.js";
import { PACKAGE_ROOT } from "../../../src/paths.js";
import { ManualClock } from "../../helpers/clock.js";
import { emulatedNetwork } from "../../helpers/emulated.js";
import { expectSameDevice } from "../../helpers/same-network.js";

const labFiles = readdirSync(join(PACKAGE_ROOT, "lab")).filter((f) => f.endsWith(".lab.yaml"));

describe("lab devices rendered as IOS output and parsed back", () => {
  it("finds the labs", () => expect(labFiles.length).toBeGreaterThan(0));
  for (const file of labFiles) {
    const lab = loadLabFile(join(PACKAGE_ROOT, "lab", file));
    for (const scenario of [null, ...lab.scenarios.map((s) => s.id)]) {
      it(`${file} ${scenario ?? "(baseline)"}`, async () => {
        const clock = new ManualClock();
        const source = new LabNetworkSource(lab, scenario, clock);
        const read = emulatedNetwork(source, clock);
        expect(await read.inventory()).toEqual(await source.inventory());
        for (const { name } of await source.inventory())
          await expectSameDevice(source, read, name, clock.now());
      });
    }
  }
});
