// Interface health: links down, physical errors, duplex mismatch, congestion, broadcast storms.
import { canonicalInterface } from "../../network/interface-names.js";
import { has } from "../rules/rule.js";
import { logsMatching, minutesSince, peerOf, type StateCheck } from "./check.js";

const RECENT_MINUTES = 24 * 60;
const ERROR_THRESHOLD = 1000;
const LATE_COLLISION_THRESHOLD = 100;
const CONGESTED_PCT = 90;
const STORM_PPS = 10_000;

export const interfaceChecks: StateCheck[] = [
  {
    id: "STATE-IF-DOWN",
    title: "Interface went down recently",
    severity: "high",
    check: (device, network) =>
      device.interfaces
        .filter(
          (i) =>
            !i.oper_up &&
            minutesSince(network, i.last_flap) <= RECENT_MINUTES &&
            !i.name.startsWith("Loopback"),
        )
        .map((i) => {
          const minutes = Math.round(minutesSince(network, i.last_flap));
          const peer = peerOf(network, device, i.name);
          const peerShut = peer?.device.interfaces.find((p) => p.name === peer.iface)?.enabled === false;
          const how = i.enabled ? "down" : "administratively shut down";
          return {
            interface: i.name,
            message: `${i.name} (${i.description || "no description"}) is ${how}, last change ${minutes} min ago${
              peerShut && peer ? `; its peer ${peer.device.device} ${peer.iface} is shut down` : ""
            }`,
            remediation: i.enabled ? [] : [`interface ${i.name}`, " no shutdown"],
            // The end someone shut is the cause; the far end going down with it is a consequence.
            suggests: [{ label: "link-down" as const, weight: !i.enabled ? 0.7 : peerShut ? 0.25 : 0.6 }],
          };
        }),
  },
  {
    id: "STATE-DUPLEX-ERRORS",
    title: "Error pattern of a duplex mismatch",
    severity: "high",
    check: (device, network) =>
      device.counters.flatMap((c) => {
        const peer = peerOf(network, device, c.interface);
        const peerCounters = peer?.device.counters.find((p) => p.interface === peer.iface);
        const mine = device.interfaces.find((i) => i.name === c.interface);
        const theirs = peer?.device.interfaces.find((i) => i.name === peer.iface);
        const fcsSide =
          c.crc + c.runts >= ERROR_THRESHOLD &&
          (peerCounters?.late_collisions ?? 0) >= LATE_COLLISION_THRESHOLD;
        const duplexDiffers = mine?.oper_up && theirs?.oper_up && mine.duplex !== theirs.duplex;
        if (!fcsSide) return [];
        return [
          {
            interface: c.interface,
            message: `${c.interface} counts ${c.crc} CRC errors and ${c.runts} runts while its peer ${peer?.device.device} ${peer?.iface} counts ${peerCounters?.late_collisions} late collisions${
              duplexDiffers ? ` (duplex ${mine?.duplex} here, ${theirs?.duplex} there)` : ""
            }: the classic duplex mismatch`,
            suggests: [
              { label: "duplex-mismatch" as const, weight: 0.35 },
              ...(peer
                ? [
                    {
                      label: "duplex-mismatch" as const,
                      weight: 0.35,
                      device: peer.device.device,
                      interface: peer.iface,
                    },
                  ]
                : []),
            ],
          },
        ];
      }),
  },
  {
    id: "STATE-IF-ERRORS",
    title: "Input errors without a duplex explanation",
    severity: "medium",
    check: (device, network) =>
      device.counters
        .filter((c) => c.crc >= ERROR_THRESHOLD)
        .filter((c) => {
          const peer = peerOf(network, device, c.interface);
          const peerLate =
            peer?.device.counters.find((p) => p.interface === peer.iface)?.late_collisions ?? 0;
          return peerLate < LATE_COLLISION_THRESHOLD;
        })
        .map((c) => ({
          interface: c.interface,
          message: `${c.interface} counts ${c.crc} CRC errors with no collisions on the far end: cabling, optics or a bad port`,
          suggests: [{ label: "interface-errors" as const, weight: 0.5 }],
        })),
  },
  {
    id: "STATE-CONGESTION",
    title: "Interface saturated and dropping",
    severity: "high",
    check: (device) =>
      device.counters
        .filter((c) => c.out_util_pct >= CONGESTED_PCT && c.out_discards > 0)
        .map((c) => {
          const config = device.ctx.interfaces.find((i) => i.name === c.interface);
          const shaped = config ? has(config.node, /^service-policy output\s/) : false;
          return {
            interface: c.interface,
            message: `${c.interface} sends at ${c.out_util_pct}% with ${c.out_discards} output drops${shaped ? "" : " and no output QoS policy, so every class drops alike"}`,
            suggests: [{ label: "congestion-no-qos" as const, weight: shaped ? 0.2 : 0.45 }],
          };
        }),
  },
  {
    id: "STATE-BROADCAST-STORM",
    title: "Broadcast storm",
    severity: "critical",
    check: (device) =>
      device.counters
        .filter((c) => c.in_broadcast_pps >= STORM_PPS)
        .map((c) => {
          const config = device.ctx.interfaces.find((i) => i.name === c.interface);
          const userPort = config?.switchport === "access";
          return {
            interface: c.interface,
            message: `${c.interface} receives ${Math.round(c.in_broadcast_pps)} broadcast packets per second (CPU ${device.environment.cpu_pct}%)`,
            // A storm enters at an edge port and spreads; on an uplink or routed port it is passing through.
            suggests: [{ label: "broadcast-storm" as const, weight: userPort ? 0.6 : 0.3 }],
          };
        }),
  },
  {
    id: "STATE-MAC-FLAP",
    title: "MAC addresses flapping between ports",
    severity: "high",
    check: (device) => {
      const flaps = logsMatching(device, /MACFLAP/);
      if (flaps.length === 0) return [];
      const counts = new Map<string, number>();
      for (const entry of flaps) {
        for (const port of entry.message.match(/port (\S+)/g) ?? []) {
          const name = canonicalInterface(port.slice(5));
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      }
      const [port, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
      if (!port || count < 2) return [];
      return [
        {
          interface: port,
          message: `${flaps.length} MAC flap messages, ${count} of them involving ${port}: a loop behind that port`,
          suggests: [{ label: "broadcast-storm" as const, weight: 0.4 }],
        },
      ];
    },
  },
  {
    id: "STATE-CPU-HIGH",
    title: "CPU high",
    severity: "medium",
    check: (device) =>
      device.environment.cpu_pct >= 90
        ? [
            {
              interface: null,
              message: `CPU at ${device.environment.cpu_pct}%: control plane (routing, management) starves`,
            },
          ]
        : [],
  },
  {
    id: "STATE-MEMORY-HIGH",
    title: "Memory nearly exhausted",
    severity: "medium",
    check: (device) =>
      device.environment.memory_used_pct >= 90
        ? [{ interface: null, message: `memory ${device.environment.memory_used_pct}% used` }]
        : [],
  },
];
