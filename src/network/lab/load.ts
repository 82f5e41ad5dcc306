// Reads a lab file: YAML -> version check -> zod -> cross-references. Every problem names the file, the
// line and column, and the path inside the document, so a broken lab is fixed in one pass.
import type { z } from "zod";
import { FileReadError, readBoundedFile } from "../../bounded-file.js";
import { interfaceConfigs } from "../ios/model.js";
import { parseConfig } from "../ios/parse.js";
import { formatProblems, type Path, readYamlDocument, type YamlProblem } from "../yaml-document.js";
import { LAB_FORMAT_VERSION, type Lab, LabSchema } from "./schema.js";

export const MAX_LAB_BYTES = 8 * 1024 * 1024;

export type LabProblem = YamlProblem;

export class LabLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: LabProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = "LabLoadError";
  }
}

export function parseLab(text: string, file = "<lab>"): Lab {
  const { raw, syntax, at } = readYamlDocument(text);
  if (syntax.length > 0) throw new LabLoadError(file, syntax);
  const version =
    typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).nocbot_lab : undefined;
  if (version === undefined) {
    throw new LabLoadError(file, [
      at([], `not a nocbot lab file: the top-level key 'nocbot_lab: ${LAB_FORMAT_VERSION}' is missing`),
    ]);
  }
  if (version !== LAB_FORMAT_VERSION) {
    throw new LabLoadError(file, [
      at(
        ["nocbot_lab"],
        `lab format version ${String(version)} is not supported; this nocbot reads version ${LAB_FORMAT_VERSION}`,
      ),
    ]);
  }
  const parsed = LabSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LabLoadError(
      file,
      parsed.error.issues.map((issue: z.core.$ZodIssue) => at(issue.path, issue.message)),
    );
  }
  const problems = crossReferences(parsed.data).map(([path, message]) => at(path, message));
  if (problems.length > 0) throw new LabLoadError(file, problems);
  return parsed.data;
}

export function loadLabFile(file: string): Lab {
  const problem = (message: string) =>
    new LabLoadError(file, [{ path: "", line: null, column: null, message }]);
  let buffer: Buffer;
  try {
    buffer = readBoundedFile(file, MAX_LAB_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) throw problem(`the lab file ${error.message}`);
    throw error;
  }
  if (buffer.includes(0)) throw problem("binary content: a lab file is YAML text");
  return parseLab(buffer.toString("utf8"), file);
}

/** References between parts of the lab that zod cannot see: devices, interfaces, links, ids. */
function crossReferences(lab: Lab): Array<[Path, string]> {
  const problems: Array<[Path, string]> = [];
  const interfacesOf = new Map(
    Object.entries(lab.devices).map(([name, device]) => [
      name,
      new Set(interfaceConfigs(parseConfig(device.config)).map((iface) => iface.name)),
    ]),
  );
  const checkDevice = (path: Path, device: string) => {
    if (!interfacesOf.has(device)) problems.push([path, `unknown device '${device}'`]);
  };
  const checkInterface = (path: Path, device: string, iface: string) => {
    const known = interfacesOf.get(device);
    if (!known) problems.push([path, `unknown device '${device}'`]);
    else if (!known.has(iface))
      problems.push([path, `device '${device}' has no interface '${iface}' in its config`]);
  };
  const checkEndpoint = (path: Path, endpoint: string) => {
    const [device, iface] = endpoint.split(" ") as [string, string];
    checkInterface(path, device, iface);
  };
  const linkIds = new Set<string>();
  lab.links.forEach((link, i) => {
    if (linkIds.has(link.id)) problems.push([["links", i, "id"], `duplicate link id '${link.id}'`]);
    linkIds.add(link.id);
    checkEndpoint(["links", i, "a"], link.a);
    checkEndpoint(["links", i, "b"], link.b);
  });
  lab.hosts.forEach((host, i) => {
    checkEndpoint(["hosts", i, "attached"], host.attached);
  });
  const checkState = (path: Path, device: string, state: Lab["baseline"][string]) => {
    checkDevice(path, device);
    for (const iface of Object.keys(state.interfaces ?? {})) {
      checkInterface([...path, "interfaces", iface], device, iface);
    }
  };
  for (const [device, state] of Object.entries(lab.baseline)) checkState(["baseline", device], device, state);
  const scenarioIds = new Set<string>();
  lab.scenarios.forEach((scenario, i) => {
    const path = ["scenarios", i];
    if (scenarioIds.has(scenario.id))
      problems.push([[...path, "id"], `duplicate scenario id '${scenario.id}'`]);
    scenarioIds.add(scenario.id);
    if (scenario.truth) {
      if (scenario.truth.interface === null) checkDevice([...path, "truth", "device"], scenario.truth.device);
      else checkInterface([...path, "truth"], scenario.truth.device, scenario.truth.interface);
      if (scenario.fixed_when.length === 0)
        problems.push([[...path, "fixed_when"], "a fault scenario needs a fix condition"]);
    }
    for (const device of Object.keys(scenario.fault.config))
      checkDevice([...path, "fault", "config", device], device);
    for (const [device, state] of Object.entries(scenario.fault.state)) {
      checkState([...path, "fault", "state", device], device, state);
    }
    for (const id of Object.keys(scenario.fault.links)) {
      if (!linkIds.has(id)) problems.push([[...path, "fault", "links", id], `unknown link '${id}'`]);
    }
    scenario.fixed_when.forEach((check, j) => {
      checkDevice([...path, "fixed_when", j, "device"], check.device);
      for (const pattern of [...(check.has ?? []), ...(check.lacks ?? [])]) {
        try {
          new RegExp(pattern);
        } catch {
          problems.push([[...path, "fixed_when", j], `invalid regular expression '${pattern}'`]);
        }
      }
    });
  });
  if (lab.default_scenario !== undefined && !scenarioIds.has(lab.default_scenario)) {
    problems.push([["default_scenario"], `no scenario has the id '${lab.default_scenario}'`]);
  }
  return problems;
}
