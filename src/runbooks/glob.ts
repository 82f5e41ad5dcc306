// Globs over names (alerts, labels, devices): `*` any run of characters, `?` one, everything else literal,
// without regard to case: an alert rule named InterfaceDown and a runbook that says interfacedown agree.
import { escapeRegex } from "../regex.js";

const cache = new Map<string, RegExp>();

export function globMatches(glob: string, value: string): boolean {
  let re = cache.get(glob);
  if (!re) {
    const source = glob
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : escapeRegex(c)))
      .join("");
    re = new RegExp(`^${source}$`, "is");
    cache.set(glob, re);
  }
  return re.test(value);
}
