// Security and management-plane rules: who can reach the device, how they log in, what SNMP exposes.
import { snmpCommunities } from "../../network/ios/model.js";
import { childrenMatching, firstChild } from "../../network/ios/parse.js";
// The same list the secrets boundary leaves visible: these names reach the rules unredacted.
import { WELL_KNOWN_COMMUNITY } from "../../network/secrets/vault.js";
import { type DeviceRule, has, interfaceHeader, isEdgePort, lineSections, managementAcl } from "./rule.js";

const globalMissing = (
  id: string,
  title: string,
  severity: DeviceRule["severity"],
  present: RegExp,
  message: string,
  remediation: string[],
): DeviceRule => ({
  id,
  scope: "device",
  category: "security",
  severity,
  title,
  check: ({ tree }) => (has(tree, present) ? [] : [{ line: null, message, remediation }]),
});

export const securityRules: DeviceRule[] = [
  {
    id: "SEC-VTY-TELNET",
    scope: "device",
    category: "security",
    severity: "high",
    title: "Telnet allowed on vty lines",
    check: ({ tree }) =>
      lineSections(tree, "vty").flatMap((vty) =>
        childrenMatching(vty, /^transport input\s+(.*\btelnet\b|all)/).map((node) => ({
          line: node.line,
          message: `${vty.text} accepts telnet: credentials and sessions cross the network in clear text`,
          remediation: [vty.text, " transport input ssh"],
        })),
      ),
  },
  {
    id: "SEC-VTY-NO-ACL",
    scope: "device",
    category: "security",
    severity: "medium",
    title: "vty lines reachable from anywhere",
    suggests: { label: "ssh-bruteforce", weight: 0.2 },
    check: ({ tree }) => {
      const acl = managementAcl(tree);
      return lineSections(tree, "vty")
        .filter((vty) => !has(vty, /^access-class\s+\S+\s+in$/))
        .map((vty) => ({
          line: vty.line,
          message: `${vty.text} has no access-class: anyone who can route to the device can try to log in`,
          remediation: acl ? [vty.text, ` access-class ${acl} in`] : [],
        }));
    },
  },
  {
    id: "SEC-EXEC-TIMEOUT",
    scope: "device",
    category: "security",
    severity: "low",
    title: "Idle sessions never time out",
    check: ({ tree }) =>
      lineSections(tree).flatMap((line) =>
        childrenMatching(line, /^(exec-timeout 0( 0)?|no exec-timeout)$/).map((node) => ({
          line: node.line,
          message: `${line.text} keeps idle sessions open forever`,
          remediation: [line.text, " exec-timeout 10 0"],
        })),
      ),
  },
  {
    id: "SEC-LOGIN-NO-BLOCK",
    scope: "device",
    category: "security",
    severity: "medium",
    title: "No login rate limiting",
    suggests: { label: "ssh-bruteforce", weight: 0.2 },
    check: ({ tree }) =>
      lineSections(tree, "vty").length > 0 && !has(tree, /^login block-for\s/)
        ? [
            {
              line: null,
              message: "no 'login block-for': password guessing against the vty lines is never slowed down",
              remediation: ["login block-for 120 attempts 5 within 60"],
            },
          ]
        : [],
  },
  {
    id: "SEC-SNMP-DEFAULT-COMMUNITY",
    scope: "device",
    category: "security",
    severity: "high",
    title: "Well-known SNMP community",
    suggests: { label: "snmp-insecure", weight: 0.6 },
    check: ({ tree }) =>
      snmpCommunities(tree)
        .filter((c) => WELL_KNOWN_COMMUNITY.test(c.name))
        .map((c) => ({
          line: c.node.line,
          severity: c.access === "rw" ? ("critical" as const) : ("high" as const),
          message: `SNMP community '${c.name}' is the first thing any scanner tries${c.access === "rw" ? ", and it can write the configuration" : ""}`,
          remediation: [`no snmp-server community ${c.name}`],
        })),
  },
  {
    id: "SEC-SNMP-RW",
    scope: "device",
    category: "security",
    severity: "high",
    title: "SNMP community with write access",
    suggests: { label: "snmp-insecure", weight: 0.3 },
    check: ({ tree }) =>
      snmpCommunities(tree)
        // A well-known community is to be removed, not downgraded: SEC-SNMP-DEFAULT-COMMUNITY covers it.
        .filter((c) => c.access === "rw" && !WELL_KNOWN_COMMUNITY.test(c.name))
        .map((c) => ({
          line: c.node.line,
          message: `SNMP community '${c.name}' is read-write: whoever knows it can change the running config`,
          remediation: [`snmp-server community ${c.name} RO${c.acl ? ` ${c.acl}` : ""}`],
        })),
  },
  {
    id: "SEC-SNMP-NO-ACL",
    scope: "device",
    category: "security",
    severity: "medium",
    title: "SNMP community without an ACL",
    check: ({ tree }) => {
      const acl = managementAcl(tree);
      return snmpCommunities(tree)
        .filter((c) => c.acl === null)
        .map((c) => ({
          line: c.node.line,
          message: `SNMP community '${c.name}' answers any source address`,
          remediation: acl ? [`snmp-server community ${c.name} ${c.access.toUpperCase()} ${acl}`] : [],
        }));
    },
  },
  {
    id: "SEC-ENABLE-PASSWORD",
    scope: "device",
    category: "security",
    severity: "high",
    title: "enable password instead of enable secret",
    check: ({ tree }) => {
      const node = firstChild(tree, /^enable password\s/);
      if (!node) return [];
      const secret = has(tree, /^enable secret\s/);
      return [
        {
          line: node.line,
          message: `'enable password' is stored reversibly${secret ? " and is redundant next to 'enable secret'" : ""}`,
          remediation: secret ? ["no enable password"] : [],
        },
      ];
    },
  },
  globalMissing(
    "SEC-NO-PASSWORD-ENCRYPTION",
    "Passwords stored in clear text",
    "low",
    /^service password-encryption$/,
    "without 'service password-encryption' type-0 passwords show in clear in every config backup",
    ["service password-encryption"],
  ),
  {
    id: "SEC-CLEARTEXT-PASSWORD",
    scope: "device",
    category: "security",
    severity: "high",
    title: "Local user with a reversible password",
    check: ({ tree }) =>
      childrenMatching(tree, /^username\s+\S+\s+(privilege\s+\d+\s+)?password\s/).map((node) => ({
        line: node.line,
        message: `local user '${node.text.split(/\s+/)[1]}' uses 'password' (type 0 or 7, reversible); use 'secret'`,
        remediation: [],
      })),
  },
  {
    id: "SEC-HTTP-SERVER",
    scope: "device",
    category: "security",
    severity: "medium",
    title: "HTTP management server enabled",
    check: ({ tree }) =>
      childrenMatching(tree, /^ip http server$/).map((node) => ({
        line: node.line,
        message:
          "the plain-HTTP management server is on: an unencrypted, often-attacked management interface",
        remediation: ["no ip http server"],
      })),
  },
  globalMissing(
    "SEC-SSH-V1",
    "SSH version 1 allowed",
    "medium",
    /^ip ssh version 2$/,
    "without 'ip ssh version 2' the device also accepts the broken SSHv1 protocol",
    ["ip ssh version 2"],
  ),
  globalMissing(
    "SEC-NO-AAA",
    "No AAA",
    "medium",
    /^aaa new-model$/,
    "no 'aaa new-model': logins are checked against line passwords with no accounting of who did what",
    [],
  ),
  globalMissing(
    "SEC-SOURCE-ROUTE",
    "IP source routing enabled",
    "low",
    /^no ip source-route$/,
    "source-routed packets are honoured, letting a sender choose its path through the network",
    ["no ip source-route"],
  ),
  globalMissing(
    "SEC-NO-LOGGING-HOST",
    "No remote syslog",
    "low",
    /^logging (host\s+)?\d+\.\d+\.\d+\.\d+/,
    "no 'logging host': the device's logs live only in its buffer and vanish on reload",
    [],
  ),
  globalMissing(
    "SEC-NO-NTP",
    "No NTP server",
    "low",
    /^ntp server\s/,
    "no 'ntp server': log timestamps drift and cannot be correlated across devices",
    [],
  ),
  {
    id: "SEC-CDP-ON-EXTERNAL",
    scope: "device",
    category: "security",
    severity: "low",
    title: "CDP on an internet-facing interface",
    check: ({ tree, interfaces }) =>
      has(tree, /^no cdp run$/)
        ? []
        : interfaces
            .filter(
              (i) =>
                /\b(INTERNET|ISP)\b/i.test(i.description) && !i.shutdown && !has(i.node, /^no cdp enable$/),
            )
            .map((i) => ({
              line: i.node.line,
              interface: i.name,
              message: `${i.name} faces the internet and announces the device's model, version and addresses over CDP`,
              remediation: [interfaceHeader(i), " no cdp enable"],
            })),
  },
  {
    id: "SEC-PORTFAST-NO-BPDUGUARD",
    scope: "device",
    category: "security",
    severity: "medium",
    title: "Edge port without BPDU guard",
    suggests: { label: "broadcast-storm", weight: 0.15 },
    check: ({ tree, interfaces }) =>
      has(tree, /^spanning-tree portfast (edge )?bpduguard default$/)
        ? []
        : interfaces
            .filter((i) => isEdgePort(i) && !i.shutdown && !has(i.node, /^spanning-tree bpduguard enable$/))
            .map((i) => ({
              line: i.node.line,
              interface: i.name,
              message: `${i.name} is a portfast edge port without BPDU guard: a switch or a loop plugged in there is not stopped`,
              remediation: [interfaceHeader(i), " spanning-tree bpduguard enable"],
            })),
  },
];
