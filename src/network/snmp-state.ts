// SNMP as a device's config sets it up: communities with their access and ACL, v3 users, location,
// contact and trap receivers. The lab reads it off its running configs, the SSH driver off the device's.
import { snmpCommunities } from "./ios/model.js";
import { type ConfigTree, childrenMatching, firstChild } from "./ios/parse.js";
import type { SnmpState } from "./types.js";

export function snmpStateOf(tree: ConfigTree): SnmpState {
  const value = (pattern: RegExp) => {
    const node = firstChild(tree, pattern);
    return node ? node.text.replace(pattern, "").trim() : null;
  };
  return {
    communities: snmpCommunities(tree).map(({ name, access, acl }) => ({ name, access, acl })),
    v3_users: childrenMatching(tree, /^snmp-server user\s/).map((node) => node.text.split(/\s+/)[2] ?? ""),
    location: value(/^snmp-server location\s/),
    contact: value(/^snmp-server contact\s/),
    trap_hosts: childrenMatching(tree, /^snmp-server host\s/).map((node) => node.text.split(/\s+/)[2] ?? ""),
  };
}
