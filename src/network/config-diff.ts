// The unified diff of a device's running config against a candidate: what the change workflow shows
// before anything is applied, whichever driver computes it.
import { createTwoFilesPatch } from "diff";

export function configDiff(device: string, from: string, to: string): string {
  if (from === to) return "";
  return createTwoFilesPatch(`${device} running`, `${device} candidate`, from, to, undefined, undefined, {
    context: 3,
  });
}
