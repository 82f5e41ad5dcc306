// `show snmp community`: the communities in effect and the ACL each is bound to. It does not say which
// are read-write: that is in the `snmp-server community` lines of the config.

export interface CommunityRecord {
  name: string;
  security_name: string;
  storage_type: string;
  acl: string | null;
}

export function parseShowSnmpCommunity(text: string): CommunityRecord[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => /^Community name:/m.test(block))
    .map((block) => ({
      name: /^Community name: (.*?)\s*$/m.exec(block)?.[1] ?? "",
      security_name: /^Community SecurityName: (.*?)\s*$/m.exec(block)?.[1] ?? "",
      storage_type: /^storage-type: (\S+)/m.exec(block)?.[1] ?? "",
      acl: /access-list: (\S+)/.exec(block)?.[1] ?? null,
    }));
}

export function renderShowSnmpCommunity(
  communities: ReadonlyArray<{ name: string; acl: string | null }>,
): string {
  return communities
    .map(
      (c, i) => `Community name: ${c.name}
Community Index: cisco${i}
Community SecurityName: ${c.name}
storage-type: nonvolatile\t active${c.acl ? `\taccess-list: ${c.acl}` : ""}
`,
    )
    .join("\n\n");
}
