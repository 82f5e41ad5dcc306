// The inventory file (YAML): which devices there are, how to reach them, which credential profile each
// logs in with (never the credentials themselves) and the known-hosts file their keys are pinned in.
//
//   version: 1
//   known_hosts: ./known_hosts          # relative to this file
//   defaults: { platform: cisco_ios, credentials: noc }
//   devices:
//     - { name: br-rtr1, host: 10.99.0.11, site: branch, role: router }
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { formatProblems, readYamlDocument, type YamlProblem } from "../yaml-document.js";
import { type InventoryDevice, InventoryDeviceSchema, type InventoryProvider } from "./device.js";

const MAX_BYTES = 4 * 1024 * 1024;

const Defaults = InventoryDeviceSchema.pick({
  port: true,
  site: true,
  role: true,
  platform: true,
  credentials: true,
  host_key: true,
  legacy_algorithms: true,
}).partial();

const FileSchema = z.strictObject({
  version: z.literal(1, { error: "expected version: 1" }),
  known_hosts: z.string().min(1, "expected the path of the known-hosts file host keys are pinned in"),
  defaults: Defaults.default({}),
  devices: z.array(z.record(z.string(), z.unknown())).min(1, "expected at least one device"),
});

type Issue = { path: PropertyKey[]; message: string };

/** Each device is its entry over the defaults; every problem keeps its path in the file. */
function devicesOf(file: z.infer<typeof FileSchema>): { devices: InventoryDevice[]; issues: Issue[] } {
  const devices: InventoryDevice[] = [];
  const issues: Issue[] = [];
  file.devices.forEach((raw, i) => {
    const device = InventoryDeviceSchema.safeParse({ ...file.defaults, ...raw });
    if (!device.success) {
      issues.push(
        ...device.error.issues.map((issue) => ({
          path: ["devices", i, ...issue.path],
          message: issue.message,
        })),
      );
    } else if (devices.some((d) => d.name === device.data.name)) {
      issues.push({ path: ["devices", i, "name"], message: `device '${device.data.name}' is listed twice` });
    } else devices.push(device.data);
  });
  return { devices, issues };
}

export class InventoryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: YamlProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "InventoryError";
  }
}

export interface InventoryFile {
  file: string;
  knownHostsFile: string;
  devices: InventoryDevice[];
}

export function loadInventoryFile(file: string): InventoryFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InventoryError(file, [
      { path: "", line: null, column: null, message: "cannot read the inventory file (does it exist?)" },
    ]);
  }
  if (text.length > MAX_BYTES) {
    throw new InventoryError(file, [
      { path: "", line: null, column: null, message: `larger than ${MAX_BYTES} bytes` },
    ]);
  }
  const { raw, syntax, at } = readYamlDocument(text);
  if (syntax.length > 0) throw new InventoryError(file, syntax);
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success)
    throw new InventoryError(
      file,
      parsed.error.issues.map((issue) => at(issue.path, issue.message)),
    );
  const { devices, issues } = devicesOf(parsed.data);
  if (issues.length > 0)
    throw new InventoryError(
      file,
      issues.map((issue) => at(issue.path, issue.message)),
    );
  return { file, knownHostsFile: resolve(dirname(file), parsed.data.known_hosts), devices };
}

export function fileInventory(file: string): InventoryProvider {
  const inventory = loadInventoryFile(file);
  return {
    description: `inventory ${file}`,
    knownHostsFile: inventory.knownHostsFile,
    devices: async () => inventory.devices,
  };
}
