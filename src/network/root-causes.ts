// The closed vocabulary of root causes. Lab scenarios label their ground truth with it, the rules-only
// ranking answers with it, and a verdict that fits none of them says `other`.
import { z } from "zod";

export const ROOT_CAUSE_LABELS = [
  "link-down",
  "congestion-no-qos",
  "duplex-mismatch",
  "mtu-mismatch",
  "bgp-flap",
  "bgp-peer-as-mismatch",
  "acl-deny",
  "wrong-static-route",
  "broadcast-storm",
  "dns-unreachable",
  "snmp-insecure",
  "ssh-bruteforce",
  "ntp-unsync",
  "dhcp-relay-missing",
  "interface-errors",
  "ospf-auth-mismatch",
] as const;

export const RootCauseLabelSchema = z.enum(ROOT_CAUSE_LABELS);
export type RootCauseLabel = z.infer<typeof RootCauseLabelSchema>;
