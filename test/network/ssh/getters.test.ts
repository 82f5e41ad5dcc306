// The lab over real SSH on loopback: every getter of every device reads the same as the lab driver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labIn } from "../../helpers/lab.js";
import { expectSameDevice } from "../../helpers/same-network.js";
import { type ServedLab, serveLabOverSsh } from "../../helpers/served-lab.js";

describe("the lab served over SSH", () => {
  const { network: lab, clock } = labIn("wan-primary-down");
  let served: ServedLab;
  beforeAll(async () => {
    served = await serveLabOverSsh(lab, clock);
  });
  afterAll(() => served.close());

  it("reads every getter of every device as the lab driver does, through enable, over one session per device", async () => {
    const ssh = served.connect();
    expect(await ssh.inventory()).toEqual(
      (await lab.inventory()).map((d) => ({
        ...d,
        platform: /xe/.test(d.platform) ? "cisco_xe" : "cisco_ios",
      })),
    );
    for (const { name } of await lab.inventory()) await expectSameDevice(lab, ssh, name, clock.now());
  });
});
