// Routing protocol health: OSPF adjacencies stuck or refused, BGP sessions flapping or refused.
import { canonicalInterface } from "../../network/interface-names.js";
import { interfaceToward, logsMatching, type StateCheck } from "./check.js";

const FLAPS_PER_WINDOW = 3;

export const protocolChecks: StateCheck[] = [
  {
    id: "STATE-OSPF-STUCK",
    title: "OSPF adjacency stuck in EXSTART/EXCHANGE",
    severity: "high",
    check: (device) =>
      device.ospf
        .filter((n) => n.state === "EXSTART" || n.state === "EXCHANGE")
        .map((n) => ({
          interface: n.interface,
          message: `OSPF neighbor ${n.neighbor_id} on ${n.interface} is stuck in ${n.state}: the database exchange never completes, typically an MTU mismatch`,
          suggests: [{ label: "mtu-mismatch" as const, weight: 0.4 }],
        })),
  },
  {
    id: "STATE-OSPF-BADAUTH",
    title: "OSPF packets rejected for authentication",
    severity: "high",
    check: (device) => {
      const byInterface = new Map<string, number>();
      for (const entry of logsMatching(device, /OSPF-4-BADAUTH|OSPF-4-ERRRCV/, /Authentication/i)) {
        const iface = /,\s*(\S+)\s*$/.exec(entry.message)?.[1];
        if (iface)
          byInterface.set(canonicalInterface(iface), (byInterface.get(canonicalInterface(iface)) ?? 0) + 1);
      }
      return [...byInterface].map(([iface, count]) => ({
        interface: iface,
        message: `${count} OSPF packets on ${iface} rejected for a mismatched authentication key: the adjacency cannot form`,
        suggests: [{ label: "ospf-auth-mismatch" as const, weight: 0.4 }],
      }));
    },
  },
  {
    id: "STATE-OSPF-LOST",
    title: "OSPF adjacency lost",
    severity: "medium",
    check: (device) =>
      logsMatching(device, /OSPF-5-ADJCHG/, /from FULL to DOWN/)
        .map((entry) => /Nbr (\S+) on (\S+)/.exec(entry.message))
        .filter((m): m is RegExpExecArray => m !== null)
        .filter((m) => !device.ospf.some((n) => n.neighbor_id === m[1] && n.state === "FULL"))
        .map((m) => ({
          interface: canonicalInterface(m[2] as string),
          message: `OSPF neighbor ${m[1]} on ${m[2]} went from FULL to DOWN and has not come back`,
        })),
  },
  {
    id: "STATE-BGP-FLAP",
    title: "BGP session flapping",
    severity: "high",
    check: (device) =>
      device.bgp.flatMap((n) => {
        const downs = logsMatching(
          device,
          /BGP-5-ADJCHANGE/,
          new RegExp(`neighbor ${n.peer.replace(/\./g, "\\.")} Down`),
        );
        const holdExpired = logsMatching(device, /BGP-3-NOTIFICATION/, /hold time expired/).length;
        if (downs.length < FLAPS_PER_WINDOW && n.flaps < 5) return [];
        return [
          {
            interface: interfaceToward(device, n.peer),
            message: `BGP session to ${n.peer} (AS ${n.remote_as}) went down ${downs.length} times in the log window (${n.flaps} flaps in total, up ${n.uptime_s}s)${
              holdExpired > 0 ? `, ${holdExpired} on hold-timer expiry` : ""
            }`,
            suggests: [{ label: "bgp-flap" as const, weight: 0.55 }],
          },
        ];
      }),
  },
  {
    id: "STATE-BGP-DOWN",
    title: "BGP session not established",
    severity: "critical",
    check: (device) =>
      device.bgp
        .filter((n) => n.state !== "Established")
        .map((n) => {
          const wrongAs = logsMatching(
            device,
            /BGP-3-NOTIFICATION/,
            new RegExp(`${n.peer.replace(/\./g, "\\.")}.*peer in wrong AS`),
          );
          // The notification carries the AS the peer really has, as 2 hex bytes.
          const hex = wrongAs.map((e) => /2 bytes ([0-9A-F]{4})/i.exec(e.message)?.[1]).find(Boolean);
          const actualAs = hex ? Number.parseInt(hex, 16) : null;
          const bgpLine = device.ctx.tree.children.find((node) => /^router bgp\s/.test(node.text))?.text;
          return {
            interface: interfaceToward(device, n.peer),
            message: `BGP session to ${n.peer} is ${n.state}${
              wrongAs.length > 0
                ? `: the peer refuses us with 'peer in wrong AS' (${wrongAs.length} times); we expect AS ${n.remote_as}${actualAs ? `, it is AS ${actualAs}` : ""}`
                : ""
            }`,
            remediation: actualAs && bgpLine ? [bgpLine, ` neighbor ${n.peer} remote-as ${actualAs}`] : [],
            suggests: wrongAs.length > 0 ? [{ label: "bgp-peer-as-mismatch" as const, weight: 0.7 }] : [],
          };
        }),
  },
];
