// QoS and performance rules: queuing on WAN links, storm control, interface settings that cost throughput.
import { childrenMatching, firstChild } from "../../network/ios/parse.js";
import { type DeviceRule, has, interfaceHeader, isEdgePort, isWan } from "./rule.js";

const policyMaps = (tree: Parameters<DeviceRule["check"]>[0]["tree"]) =>
  childrenMatching(tree, /^policy-map\s+\S+$/).map((node) => ({
    node,
    name: node.text.split(/\s+/)[1] as string,
  }));

export const performanceRules: DeviceRule[] = [
  {
    id: "PERF-WAN-NO-QOS",
    scope: "device",
    category: "performance",
    severity: "medium",
    title: "WAN interface without an output QoS policy",
    suggests: { label: "congestion-no-qos", weight: 0.25 },
    check: ({ tree, interfaces }) => {
      const maps = policyMaps(tree);
      const policy = maps.find((m) => /WAN/i.test(m.name)) ?? maps[0];
      return interfaces
        .filter((i) => isWan(i) && !i.shutdown && !has(i.node, /^service-policy output\s/))
        .map((i) => ({
          line: i.node.line,
          interface: i.name,
          message: `${i.name} (${i.description}) has no output service-policy: when it fills, voice and critical apps queue behind bulk traffic`,
          remediation: policy ? [interfaceHeader(i), ` service-policy output ${policy.name}`] : [],
        }));
    },
  },
  {
    id: "PERF-WAN-NO-BANDWIDTH",
    scope: "device",
    category: "performance",
    severity: "low",
    title: "WAN interface without a bandwidth statement",
    check: ({ interfaces }) =>
      interfaces
        .filter((i) => isWan(i) && !has(i.node, /^bandwidth\s+\d+$/))
        .map((i) => ({
          line: i.node.line,
          interface: i.name,
          message: `${i.name} has no 'bandwidth': QoS percentages and OSPF cost are computed from the port speed, not the circuit`,
          remediation: [],
        })),
  },
  {
    id: "PERF-DUPLEX-HALF",
    scope: "device",
    category: "performance",
    severity: "high",
    title: "Interface forced to half duplex",
    suggests: { label: "duplex-mismatch", weight: 0.3 },
    check: ({ interfaces }) =>
      interfaces
        .filter((i) => i.duplex === "half")
        .map((i) => ({
          line: i.node.line,
          interface: i.name,
          message: `${i.name} is forced to half duplex: collisions and a fraction of the link's throughput`,
          remediation: [interfaceHeader(i), " no duplex"],
        })),
  },
  {
    id: "PERF-NO-STORM-CONTROL",
    scope: "device",
    category: "performance",
    severity: "medium",
    title: "Edge port without broadcast storm control",
    suggests: { label: "broadcast-storm", weight: 0.2 },
    check: ({ interfaces }) =>
      interfaces
        .filter((i) => isEdgePort(i) && !i.shutdown && !has(i.node, /^storm-control broadcast level\s/))
        .map((i) => ({
          line: i.node.line,
          interface: i.name,
          message: `${i.name} is a user-facing port without storm control: a loop there floods the whole VLAN`,
          remediation: [interfaceHeader(i), " storm-control broadcast level 1.00"],
        })),
  },
  {
    id: "PERF-POLICY-UNDEFINED",
    scope: "device",
    category: "performance",
    severity: "high",
    title: "service-policy references a missing policy-map",
    check: ({ tree, interfaces }) => {
      const defined = new Set(policyMaps(tree).map((m) => m.name));
      return interfaces.flatMap((i) =>
        childrenMatching(i.node, /^service-policy (input|output)\s+\S+$/)
          .filter((node) => !defined.has(node.text.split(/\s+/)[2] as string))
          .map((node) => ({
            line: node.line,
            interface: i.name,
            message: `${i.name} applies policy-map '${node.text.split(/\s+/)[2]}', which is not defined: no QoS is applied`,
            remediation: [],
          })),
      );
    },
  },
  {
    id: "PERF-CLASS-UNDEFINED",
    scope: "device",
    category: "performance",
    severity: "medium",
    title: "policy-map class references a missing class-map",
    check: ({ tree }) => {
      const classes = new Set(
        childrenMatching(tree, /^class-map\s/).map((node) => node.text.split(/\s+/).at(-1) as string),
      );
      return policyMaps(tree).flatMap((map) =>
        childrenMatching(map.node, /^class\s+\S+$/)
          .filter((node) => {
            const name = node.text.split(/\s+/)[1] as string;
            return name !== "class-default" && !classes.has(name);
          })
          .map((node) => ({
            line: node.line,
            message: `policy-map ${map.name} uses class '${node.text.split(/\s+/)[1]}', which has no class-map: it matches nothing`,
            remediation: [],
          })),
      );
    },
  },
  {
    id: "PERF-QOS-OVERSUBSCRIBED",
    scope: "device",
    category: "performance",
    severity: "medium",
    title: "QoS policy reserves more than 100%",
    check: ({ tree }) =>
      policyMaps(tree).flatMap((map) => {
        const total = map.node.children
          .flatMap((cls) => cls.children)
          .map((node) => /^(priority|bandwidth)\s+percent\s+(\d+)$/.exec(node.text))
          .reduce((sum, match) => sum + (match ? Number(match[2]) : 0), 0);
        return total > 100
          ? [
              {
                line: map.node.line,
                message: `policy-map ${map.name} reserves ${total}% of the link; IOS rejects it on attach`,
                remediation: [],
              },
            ]
          : [];
      }),
  },
  {
    id: "PERF-MTU-LOW",
    scope: "device",
    category: "performance",
    severity: "low",
    title: "Interface MTU below 1500",
    check: ({ interfaces }) =>
      interfaces
        .filter((i) => i.mtu < 1500 && !/^Tunnel/.test(i.name))
        .map((i) => {
          const node = firstChild(i.node, /^(ip )?mtu\s+\d+$/);
          return {
            line: node?.line ?? i.node.line,
            interface: i.name,
            message: `${i.name} has MTU ${i.mtu}: larger packets fragment or drop, and OSPF neighbors with 1500 will not form`,
            remediation: node ? [interfaceHeader(i), ` no ${node.text.replace(/\s+\d+$/, "")}`] : [],
          };
        }),
  },
  {
    id: "PERF-LOGGING-CONSOLE-DEBUG",
    scope: "device",
    category: "performance",
    severity: "low",
    title: "Console logging at debug level",
    check: ({ tree }) =>
      childrenMatching(tree, /^logging console( (debugging|7))?$/).map((node) => ({
        line: node.line,
        message: "console logging at debug level: every message is written to a 9600-baud line by the CPU",
        remediation: ["logging console critical"],
      })),
  },
  {
    id: "PERF-NO-LOAD-INTERVAL",
    scope: "device",
    category: "performance",
    severity: "info",
    title: "WAN interface averages load over 5 minutes",
    check: ({ interfaces }) =>
      interfaces
        .filter((i) => isWan(i) && !has(i.node, /^load-interval\s+\d+$/))
        .map((i) => ({
          line: i.node.line,
          interface: i.name,
          message: `${i.name} uses the default 5-minute load interval: short bursts that hurt voice never show`,
          remediation: [interfaceHeader(i), " load-interval 30"],
        })),
  },
];
