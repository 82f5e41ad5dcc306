// Files shipped with the package (the default lab, migrations) are found from the package root, which is
// one level up in source (src/) and two levels up once built (dist/src/).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the nocbot package root");
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();
export const DEFAULT_LAB_FILE = join(PACKAGE_ROOT, "lab", "default.lab.yaml");
