// Services and policy seen from the device: name servers and NTP, login attempts, ACL denies, and routes
// that send traffic where it should not go.
import { globalAddresses, staticRoutes } from "../../network/ios/model.js";
import { childrenMatching } from "../../network/ios/parse.js";
import { formatPrefix, parseIpv4, parsePrefix, prefixContains } from "../../network/ip.js";
import { logsMatching, type StateCheck } from "./check.js";
import type { DeviceSnapshot, NetworkSnapshot } from "./snapshot.js";

const LOGIN_FAILURES = 10;
const ACL_DENIES = 3;
const FLOATING_DISTANCE = 200;

/** The installed route a destination would take (longest prefix), ignoring Null0 discards. */
function routeFor(device: DeviceSnapshot, address: string) {
  const value = parseIpv4(address);
  if (value === null) return null;
  let best: { length: number } | null = null;
  for (const route of device.routes) {
    const prefix = parsePrefix(route.prefix);
    if (
      prefix &&
      route.interface !== "Null0" &&
      prefixContains(prefix, value) &&
      (!best || prefix.length > best.length)
    )
      best = prefix;
  }
  return best;
}

/** Addresses the rest of the network uses for a service and can reach: the likely intended value. */
function workingElsewhere(
  network: NetworkSnapshot,
  pattern: RegExp,
  reachable: (address: string) => boolean,
): string[] {
  const counts = new Map<string, number>();
  for (const device of network.devices) {
    for (const { address } of globalAddresses(device.ctx.tree, pattern)) {
      if (reachable(address)) counts.set(address, (counts.get(address) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([address]) => address);
}

export const serviceChecks: StateCheck[] = [
  {
    id: "STATE-DNS-UNREACHABLE",
    title: "Configured name server unreachable",
    severity: "high",
    check: (device, network) => {
      const reachable = new Set(
        network.devices.flatMap((d) => d.nameServers.filter((p) => p.received > 0).map((p) => p.target)),
      );
      const good = workingElsewhere(network, /^ip name-server\s+/, (a) => reachable.has(a));
      return device.nameServers
        .filter((p) => p.received === 0)
        .map((p) => {
          // With no route at all the server is a casualty of a routing fault, not the fault itself.
          const routed = routeFor(device, p.target) !== null;
          return {
            interface: null,
            message: `name server ${p.target} does not answer pings from ${device.device} (${p.sent} sent, 0 received${
              routed ? "" : ", and there is no route to it"
            }); lookups through it time out${good[0] && good[0] !== p.target ? `. The rest of the network uses ${good[0]}, which answers` : ""}`,
            remediation:
              good[0] && good[0] !== p.target
                ? [`no ip name-server ${p.target}`, `ip name-server ${good[0]}`]
                : [],
            suggests: [{ label: "dns-unreachable" as const, weight: routed ? 0.65 : 0.25 }],
          };
        });
    },
  },
  {
    id: "STATE-NTP-UNSYNC",
    title: "Clock not synchronised",
    severity: "medium",
    check: (device) =>
      device.ntp.synchronized || device.ntp.servers.length === 0
        ? []
        : [
            {
              interface: null,
              message: `NTP not synchronised (stratum ${device.ntp.stratum}); log timestamps and certificates drift`,
              suggests: [{ label: "ntp-unsync" as const, weight: 0.5 }],
            },
          ],
  },
  {
    id: "STATE-NTP-SERVER-UNREACHABLE",
    title: "NTP server unreachable",
    severity: "medium",
    check: (device, network) => {
      const reachable = new Set(
        network.devices.flatMap((d) => d.ntp.servers.filter((s) => s.reachable).map((s) => s.address)),
      );
      const good = workingElsewhere(network, /^ntp server\s+/, (a) => reachable.has(a));
      return device.ntp.servers
        .filter((s) => !s.reachable)
        .map((s) => {
          const routed = routeFor(device, s.address) !== null;
          const other = good[0] && good[0] !== s.address ? good[0] : null;
          return {
            interface: null,
            message: `NTP server ${s.address} is unreachable from ${device.device}${routed ? "" : " (no route to it)"}${
              other ? `; the rest of the network syncs to ${other}` : ""
            }`,
            remediation: other ? [`no ntp server ${s.address}`, `ntp server ${other}`] : [],
            suggests: device.ntp.synchronized
              ? []
              : [{ label: "ntp-unsync" as const, weight: routed ? 0.4 : 0.15 }],
          };
        });
    },
  },
  {
    id: "STATE-LOGIN-FAILURES",
    title: "Repeated login failures from one source",
    severity: "high",
    check: (device) => {
      const bySource = new Map<string, number>();
      for (const entry of logsMatching(device, /LOGIN_FAILED/)) {
        const source = /\[Source: ([^\]]+)\]/.exec(entry.message)?.[1];
        if (source) bySource.set(source, (bySource.get(source) ?? 0) + 1);
      }
      return [...bySource]
        .filter(([, count]) => count >= LOGIN_FAILURES)
        .map(([source, count]) => ({
          interface: null,
          message: `${count} failed logins from ${source} in the log window: password guessing`,
          suggests: [{ label: "ssh-bruteforce" as const, weight: 0.55 }],
        }));
    },
  },
  {
    id: "STATE-ACL-DENIES",
    title: "An ACL is denying traffic",
    severity: "high",
    check: (device) => {
      const flows = new Map<
        string,
        { acl: string; proto: string; dest: string; port: string; packets: number; entries: number }
      >();
      for (const entry of logsMatching(device, /IPACCESSLOGP/, /denied/)) {
        const m = /list (\S+) denied (\w+) \S+ -> ([\d.]+)\((\d+)\), (\d+) packet/.exec(entry.message);
        if (!m) continue;
        const key = `${m[1]} ${m[2]} ${m[3]} ${m[4]}`;
        const flow = flows.get(key) ?? {
          acl: m[1] as string,
          proto: m[2] as string,
          dest: m[3] as string,
          port: m[4] as string,
          packets: 0,
          entries: 0,
        };
        flow.packets += Number(m[5]);
        flow.entries += 1;
        flows.set(key, flow);
      }
      return [...flows.values()]
        .filter((flow) => flow.entries >= ACL_DENIES)
        .map((flow) => {
          const applied = device.ctx.interfaces.find((i) =>
            i.node.children.some((c) => new RegExp(`^ip access-group ${flow.acl} (in|out)$`).test(c.text)),
          );
          const aclNode = childrenMatching(
            device.ctx.tree,
            new RegExp(`^ip access-list extended ${flow.acl}$`),
          )[0];
          const ace = aclNode?.children.find(
            (c) => c.text.startsWith(`deny ${flow.proto}`) && new RegExp(`eq ${flow.port}\\b`).test(c.text),
          );
          return {
            interface: applied?.name ?? null,
            message: `ACL ${flow.acl}${applied ? ` (on ${applied.name})` : ""} denied ${flow.packets} ${flow.proto} packets to ${flow.dest} port ${flow.port} in ${flow.entries} log entries${
              ace ? `, matching line ${ace.line}: '${ace.text}'` : ""
            }`,
            remediation: ace && aclNode ? [aclNode.text, ` no ${ace.text}`] : [],
            suggests: [{ label: "acl-deny" as const, weight: 0.6 }],
          };
        });
    },
  },
  {
    id: "STATE-ROUTE-BLACKHOLE",
    title: "Traffic routed into Null0",
    severity: "high",
    check: (device) => {
      const routes = device.routes.map((r) => ({ route: r, prefix: parsePrefix(r.prefix) }));
      return routes
        .filter(({ route }) => route.interface === "Null0")
        .flatMap(({ route, prefix }) => {
          if (!prefix) return [];
          const covering = routes.find(
            (r) =>
              r.route.interface !== "Null0" &&
              r.prefix &&
              r.prefix.length < prefix.length &&
              prefixContains(r.prefix, prefix.network),
          );
          if (!covering) return [];
          const line = staticRoutes(device.ctx.tree).find(
            (s) => formatPrefix(s.prefix) === route.prefix && s.outInterface?.startsWith("Null"),
          );
          return [
            {
              interface: null,
              message: `${route.prefix} goes to Null0 by a static route${line ? ` (line ${line.node.line})` : ""}, overriding ${covering.route.prefix} via ${covering.route.next_hop ?? covering.route.interface} (${covering.route.protocol}): that traffic is dropped`,
              remediation: line ? [`no ${line.node.text}`] : [],
              suggests: [{ label: "wrong-static-route" as const, weight: 0.6 }],
            },
          ];
        });
    },
  },
  {
    id: "STATE-ROUTE-ON-BACKUP",
    title: "Traffic on a floating backup route",
    severity: "medium",
    check: (device) =>
      device.routes
        .filter((r) => r.protocol === "static" && r.distance >= FLOATING_DISTANCE)
        .filter((r) => {
          const prefix = parsePrefix(r.prefix);
          return !device.routes.some((other) => {
            const inner = parsePrefix(other.prefix);
            return (
              other.protocol !== "static" &&
              other.protocol !== "connected" &&
              prefix &&
              inner &&
              inner.length > prefix.length &&
              prefixContains(prefix, inner.network)
            );
          });
        })
        .map((r) => ({
          interface: r.interface,
          message: `${r.prefix} is routed over the floating backup (distance ${r.distance}) via ${r.next_hop} on ${r.interface}: the primary path is gone`,
        })),
  },
];
