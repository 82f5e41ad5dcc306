import { resultFromFindings, type Specialist } from "./specialist.js";

export const performance: Specialist = {
  name: "performance",
  role: "Explains slowness: utilisation, drops, errors, CPU and memory, QoS.",
  keywords:
    /latenc|slow|crawl|choppy|jitter|loss|drop|util|congest|saturat|cpu|memory|storm|stall|bandwidth|qos/i,
  tools: [
    "list_devices",
    "get_counters",
    "get_interfaces",
    "get_environment",
    "ping",
    "get_config",
    "get_findings",
  ],
  instructions:
    "Quantify the slowness: which links are saturated or dropping, which interfaces count errors or collisions, whether CPU or memory is exhausted, whether QoS protects what matters. Compare round-trip times along the path.",
  owns: (f) =>
    /^PERF-/.test(f.rule) ||
    /^STATE-(CONGESTION|BROADCAST-STORM|MAC-FLAP|CPU-HIGH|MEMORY-HIGH|DUPLEX-ERRORS|IF-ERRORS)/.test(f.rule),
  rulesOnly(input) {
    return resultFromFindings(this, input);
  },
};
