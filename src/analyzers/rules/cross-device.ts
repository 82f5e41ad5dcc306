// Rules that need two or more devices: the two ends of a link must agree, and addresses and router IDs
// must be unique across the network.
import { bgpConfig, type InterfaceConfig, ospfConfigs } from "../../network/ios/model.js";
import { firstChild } from "../../network/ios/parse.js";
import { formatIpv4, formatPrefix } from "../../network/ip.js";
import {
  type DeviceContext,
  interfaceHeader,
  type LinkEnd,
  type NetworkContext,
  type NetworkRule,
  type RuleHit,
} from "./rule.js";

interface Resolved {
  ctx: DeviceContext;
  iface: InterfaceConfig;
}

function resolvedLinks(network: NetworkContext): Array<[Resolved, Resolved]> {
  const find = (end: LinkEnd): Resolved | null => {
    const ctx = network.devices.find((d) => d.device === end.device);
    const iface = ctx?.interfaces.find((i) => i.name === end.iface);
    return ctx && iface ? { ctx, iface } : null;
  };
  return network.links.flatMap(([a, b]) => {
    const ra = find(a);
    const rb = find(b);
    return ra && rb ? [[ra, rb] as [Resolved, Resolved]] : [];
  });
}

const where = (r: Resolved) => `${r.ctx.device} ${r.iface.name}`;

// The key id and the key string: a redacted key is a token that equals the token of the same key on the
// other end, so a mismatch shows without the key.
const ospfKey = (iface: InterfaceConfig): string | null => {
  const node = firstChild(iface.node, /^ip ospf message-digest-key\s+\d+/);
  if (node) {
    const [, , , id, , ...key] = node.text.split(/\s+/);
    return `md5 key ${id} ${key.at(-1) ?? ""}`.trim();
  }
  return firstChild(iface.node, /^ip ospf authentication/) ? "authentication without a key" : null;
};

export const crossDeviceRules: NetworkRule[] = [
  {
    id: "XDEV-MTU-MISMATCH",
    scope: "network",
    category: "routing",
    severity: "high",
    title: "MTU differs across a link",
    suggests: { label: "mtu-mismatch", weight: 0.5 },
    check: (network) =>
      resolvedLinks(network).flatMap(([a, b]) => {
        if (a.iface.mtu === b.iface.mtu) return [];
        // The end that departs from the 1500 default is the one that changed; if both do, flag both.
        const odd = [a, b].filter((r) => r.iface.mtu !== 1500);
        return (odd.length > 0 ? odd : [a, b]).map((r) => {
          const other = r === a ? b : a;
          const node = firstChild(r.iface.node, /^(ip )?mtu\s+\d+$/);
          return {
            device: r.ctx.device,
            line: node?.line ?? r.iface.node.line,
            interface: r.iface.name,
            message: `${where(r)} has MTU ${r.iface.mtu} but its link peer ${where(other)} has ${other.iface.mtu}: OSPF stays in EXSTART and large packets drop`,
            remediation: node ? [interfaceHeader(r.iface), ` no ${node.text.replace(/\s+\d+$/, "")}`] : [],
          };
        });
      }),
  },
  {
    id: "XDEV-DUPLEX-MISMATCH",
    scope: "network",
    category: "performance",
    severity: "high",
    title: "Speed/duplex settings differ across a link",
    suggests: { label: "duplex-mismatch", weight: 0.5 },
    check: (network) =>
      resolvedLinks(network).flatMap(([a, b]) => {
        const fixed = (r: Resolved) => r.iface.duplex !== "auto" || r.iface.speed !== "auto";
        const agree = a.iface.duplex === b.iface.duplex && a.iface.speed === b.iface.speed;
        if (agree || (!fixed(a) && !fixed(b))) return [];
        // An auto port facing a hard-coded one falls back to half duplex: the hard-coded end is the cause.
        return [a, b].filter(fixed).map((r) => {
          const other = r === a ? b : a;
          const node = firstChild(r.iface.node, /^(duplex|speed)\s/);
          return {
            device: r.ctx.device,
            line: node?.line ?? r.iface.node.line,
            interface: r.iface.name,
            message: `${where(r)} is hard-coded (speed ${r.iface.speed}, duplex ${r.iface.duplex}) while ${where(other)} is speed ${other.iface.speed}, duplex ${other.iface.duplex}: a duplex mismatch`,
            remediation: [interfaceHeader(r.iface), " no speed", " no duplex"],
          };
        });
      }),
  },
  {
    id: "XDEV-SUBNET-MISMATCH",
    scope: "network",
    category: "routing",
    severity: "high",
    title: "Link ends addressed in different subnets",
    check: (network) =>
      resolvedLinks(network).flatMap(([a, b]) => {
        const pa = a.iface.address?.prefix;
        const pb = b.iface.address?.prefix;
        if (!pa || !pb || (pa.network === pb.network && pa.length === pb.length)) return [];
        return [
          {
            device: a.ctx.device,
            line: a.iface.node.line,
            interface: a.iface.name,
            message: `${where(a)} is in ${formatPrefix(pa)} but its link peer ${where(b)} is in ${formatPrefix(pb)}`,
            remediation: [],
          },
        ];
      }),
  },
  {
    id: "XDEV-OSPF-AUTH-MISMATCH",
    scope: "network",
    category: "routing",
    severity: "high",
    title: "OSPF authentication differs across a link",
    suggests: { label: "ospf-auth-mismatch", weight: 0.5 },
    check: (network) => {
      // The key every other OSPF interface uses is the intended one: the end that departs from it changed.
      const counts = new Map<string, number>();
      for (const ctx of network.devices) {
        for (const iface of ctx.interfaces) {
          const key = ospfKey(iface);
          if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      const usual = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
      return resolvedLinks(network).flatMap(([a, b]): RuleHit[] => {
        const ka = ospfKey(a.iface);
        const kb = ospfKey(b.iface);
        if (ka === kb || ka === null || kb === null) return [];
        return [a, b].map((r) => {
          const other = r === a ? b : a;
          const mine = ospfKey(r.iface);
          const odd = mine !== usual;
          // The odd end takes the key its peer (and the rest of the network) uses.
          const myKey = firstChild(r.iface.node, /^ip ospf message-digest-key\s+\d+/);
          const theirKey = firstChild(other.iface.node, /^ip ospf message-digest-key\s+\d+/);
          const remediation =
            odd && theirKey
              ? [
                  interfaceHeader(r.iface),
                  // The whole line, key included (a token when redacted): the form the allowlist knows.
                  ...(myKey ? [` no ${myKey.text}`] : []),
                  ` ${theirKey.text}`,
                ]
              : [];
          return {
            device: r.ctx.device,
            line: myKey?.line ?? r.iface.node.line,
            interface: r.iface.name,
            message: `${where(r)} authenticates OSPF with ${mine} but ${where(other)} uses ${ospfKey(other.iface)}: the adjacency cannot form`,
            remediation,
            weight: odd ? 0.5 : 0.2,
          };
        });
      });
    },
  },
  {
    id: "XDEV-DUPLICATE-IP",
    scope: "network",
    category: "routing",
    severity: "high",
    title: "The same IP address on two interfaces",
    check: (network) => {
      const owners = new Map<number, Resolved[]>();
      for (const ctx of network.devices) {
        for (const iface of ctx.interfaces) {
          if (!iface.address || iface.shutdown) continue;
          owners.set(iface.address.ip, [...(owners.get(iface.address.ip) ?? []), { ctx, iface }]);
        }
      }
      return [...owners].flatMap(([ip, list]) =>
        list.length < 2
          ? []
          : list.map((r) => ({
              device: r.ctx.device,
              line: r.iface.node.line,
              interface: r.iface.name,
              message: `${formatIpv4(ip)} is configured on ${list.map(where).join(" and ")}`,
              remediation: [],
            })),
      );
    },
  },
  {
    id: "XDEV-DUPLICATE-ROUTER-ID",
    scope: "network",
    category: "routing",
    severity: "high",
    title: "The same router-id on two devices",
    check: (network) => {
      const seen = new Map<string, Array<{ ctx: DeviceContext; line: number }>>();
      for (const ctx of network.devices) {
        const ids = [
          ...ospfConfigs(ctx.tree).flatMap((o) =>
            o.routerId ? [{ id: `OSPF ${o.routerId}`, line: o.node.line }] : [],
          ),
          ...((b) => (b?.routerId ? [{ id: `BGP ${b.routerId}`, line: b.node.line }] : []))(
            bgpConfig(ctx.tree),
          ),
        ];
        for (const { id, line } of ids) seen.set(id, [...(seen.get(id) ?? []), { ctx, line }]);
      }
      return [...seen].flatMap(([id, list]) =>
        list.length < 2
          ? []
          : list.map(({ ctx, line }) => ({
              device: ctx.device,
              line,
              message: `${id} router-id is used by ${list.map((x) => x.ctx.device).join(" and ")}: adjacencies flap and routes go missing`,
              remediation: [],
            })),
      );
    },
  },
];
