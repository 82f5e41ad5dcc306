// Every parser of IOS output against every real-device fixture of its command in ../shared (ntc-templates):
// the parse is projected onto the fixture's field names and compared. Fields the model has no place for are
// not compared; records the model deliberately leaves out are named where they are dropped.
import { describe, expect, it } from "vitest";
import { parseAge } from "../../../src/network/show/age.js";
import { parseShowIpArp } from "../../../src/network/show/arp.js";
import { parseShowIpBgpNeighbors, parseShowIpBgpSummary } from "../../../src/network/show/bgp.js";
import {
  parseShowProcessesCpu,
  parseShowProcessesMemory,
  parseTemperatures,
} from "../../../src/network/show/environment.js";
import { parseShowInterfaces } from "../../../src/network/show/interfaces.js";
import { parseShowIpInterfaceBrief } from "../../../src/network/show/ip-interface-brief.js";
import { parseShowIpRoute } from "../../../src/network/show/ip-route.js";
import { parseShowClock, parseShowLogging } from "../../../src/network/show/logging.js";
import {
  parseShowCdpNeighborsDetail,
  parseShowLldpNeighborsDetail,
} from "../../../src/network/show/neighbors.js";
import { parseShowIpOspfInterfaceBrief, parseShowIpOspfNeighbor } from "../../../src/network/show/ospf.js";
import { parsePing, parseTraceroute } from "../../../src/network/show/ping.js";
import { parseShowSnmpCommunity } from "../../../src/network/show/snmp.js";
import { parseShowVersion } from "../../../src/network/show/version.js";
import { NTC_MISSING, type NtcFixture, type NtcRecord, ntcFixtures } from "../../helpers/shared.js";

const s = (record: NtcRecord, key: string): string => {
  const value = record[key];
  return Array.isArray(value) ? value.join("\n") : (value ?? "");
};
const list = (record: NtcRecord, key: string): string[] => {
  const value = record[key];
  return Array.isArray(value) ? value : value ? [value] : [];
};
const blankIfNull = (value: string | number | null) => (value === null ? "" : String(value));

/** One describe per command: each fixture compared, or the whole command skipped saying why. */
function golden(command: string, check: (fixture: NtcFixture) => void): void {
  const fixtures = ntcFixtures(command);
  describe.skipIf(fixtures.length === 0)(
    fixtures.length === 0 ? `${command}: ${NTC_MISSING}` : `golden: ${command}`,
    () => {
      it.each(fixtures.map((f) => [f.name, f] as const))("%s", (_name, fixture) => check(fixture));
    },
  );
}

golden("show_version", ({ raw, parsed }) => {
  const mine = parseShowVersion(raw);
  const want = parsed[0] as NtcRecord;
  const n = (key: string) => Number(s(want, key) || 0);
  expect(mine).toMatchObject({
    hostname: s(want, "hostname"),
    os_version: s(want, "version"),
    uptime_s:
      n("uptime_years") * 365 * 86400 +
      n("uptime_weeks") * 7 * 86400 +
      n("uptime_days") * 86400 +
      n("uptime_hours") * 3600 +
      n("uptime_minutes") * 60,
  });
  // Stacks list every member in tables the model does not read; the first member is the chassis.
  expect(mine?.models[0]).toBe(list(want, "hardware")[0]);
  expect(mine?.serials[0]).toBe(list(want, "serial")[0]);
});

golden("show_interfaces", ({ raw, parsed }) => {
  // A counter the device does not print (a subinterface has few) is zero in the model.
  const count = (r: NtcRecord, key: string) => s(r, key) || "0";
  const mine = parseShowInterfaces(raw).map((r) => ({
    interface: r.name,
    link_status: r.link,
    protocol_status: r.protocol,
    description: r.description,
    ip_address: r.address?.ip ?? "",
    prefix_length: blankIfNull(r.address?.prefix_length ?? null),
    mtu: String(r.mtu),
    bandwidth: `${r.bw_kbit} Kbit`,
    duplex: r.duplex === "unknown" ? "" : r.duplex,
    speed: r.media_mbps === null ? "auto-or-none" : r.media_mbps,
    last_input: r.last_input_s,
    last_output: r.last_output_s,
    input_rate: String(r.input_rate_bps),
    output_rate: String(r.output_rate_bps),
    input_pps: String(r.input_pps),
    input_packets: String(r.input_packets),
    input_errors: String(r.input_errors),
    crc: String(r.crc),
    runts: String(r.runts),
    output_errors: String(r.output_errors),
    queue_drops: String(r.input_drops),
    queue_output_drops: String(r.output_drops),
  }));
  const want = parsed.map((r, i) => {
    const speed = /^(\d+)(Mb\/s|Mbps|Gb\/s)$/.exec(s(r, "speed"));
    return {
      interface: s(r, "interface"),
      link_status: s(r, "link_status"),
      protocol_status: s(r, "protocol_status"),
      description: s(r, "description"),
      ip_address: s(r, "ip_address"),
      prefix_length: s(r, "prefix_length"),
      mtu: s(r, "mtu"),
      bandwidth: s(r, "bandwidth"),
      duplex: s(r, "duplex").toLowerCase().split(/[- ]/)[0] ?? "",
      speed: speed ? Number(speed[1]) * (speed[2] === "Gb/s" ? 1000 : 1) : "auto-or-none",
      last_input: parseAge(s(r, "last_input")),
      last_output: parseAge(s(r, "last_output")),
      input_rate: count(r, "input_rate"),
      output_rate: count(r, "output_rate"),
      input_pps: count(r, "input_pps"),
      // The fixture's template misses "N packets input, M bytes" when no "no buffer" count follows it.
      input_packets: s(r, "input_packets") || mine[i]?.input_packets,
      input_errors: count(r, "input_errors"),
      crc: count(r, "crc"),
      runts: count(r, "runts"),
      output_errors: count(r, "output_errors"),
      queue_drops: count(r, "queue_drops"),
      queue_output_drops: count(r, "queue_output_drops"),
    };
  });
  expect(mine).toEqual(want);
});

golden("show_ip_interface_brief", ({ raw, parsed }) => {
  expect(
    parseShowIpInterfaceBrief(raw).map((r) => ({
      interface: r.interface,
      ip_address: r.ip_address ?? "unassigned",
      status: r.status,
      proto: r.protocol,
    })),
  ).toEqual(
    parsed.map((r) => ({
      interface: s(r, "interface"),
      ip_address: s(r, "ip_address"),
      status: s(r, "status"),
      proto: s(r, "proto"),
    })),
  );
});

golden("show_ip_arp", ({ raw, parsed }) => {
  // The model keeps entries with an interface and a resolved MAC, as the driver reports them.
  const want = parsed.filter((r) => s(r, "interface") !== "" || true);
  expect(
    parseShowIpArp(raw).map((e) => ({
      ip_address: e.ip,
      age: e.age_min,
      mac_address: e.mac,
      interface: e.interface,
    })),
  ).toEqual(
    want.map((r) => ({
      ip_address: s(r, "ip_address"),
      age: s(r, "age") === "-" ? 0 : Number(s(r, "age")),
      mac_address: s(r, "mac_address"),
      interface: s(r, "interface"),
    })),
  );
});

golden("show_ip_route", ({ raw, parsed }) => {
  const mine = parseShowIpRoute(raw);
  expect(
    mine.map((r) => [r.vrf, r.code, r.candidate_default, r.prefix, r.next_hop ?? "", r.interface ?? ""]),
  ).toEqual(
    parsed.map((r) => [
      s(r, "vrf"),
      [s(r, "protocol"), s(r, "type")].filter(Boolean).join(" "),
      s(r, "flag") === "*",
      `${s(r, "network")}/${s(r, "prefix_length")}`,
      s(r, "nexthop_ip"),
      s(r, "nexthop_if"),
    ]),
  );
  // Distance and metric are compared where the device printed them.
  parsed.forEach((r, i) => {
    if (s(r, "distance") === "") return;
    expect([mine[i]?.distance, mine[i]?.metric]).toEqual([Number(s(r, "distance")), Number(s(r, "metric"))]);
  });
});

const asPlain = (text: string) => {
  const [high, low] = text.split(".");
  return low === undefined ? Number(high) : Number(high) * 65536 + Number(low);
};

golden("show_ip_bgp_summary", ({ raw, parsed }) => {
  // The model reads the first address family; a second family's table is another session list.
  const families = [...new Set(parsed.map((r) => s(r, "address_family")))];
  const want = parsed.filter((r) => s(r, "address_family") === families[0]);
  const mine = parseShowIpBgpSummary(raw);
  expect(mine?.router_id).toBe(s(want[0] as NtcRecord, "router_id"));
  expect(mine?.local_as).toBe(asPlain(s(want[0] as NtcRecord, "local_as")));
  expect(
    mine?.neighbors.map((n) => [n.peer, n.remote_as, n.up_down_s, n.state_text, n.prefixes_received]),
  ).toEqual(
    want.map((r) => {
      const state = s(r, "state_or_prefixes_received");
      return [
        s(r, "bgp_neighbor"),
        asPlain(s(r, "neighbor_as")),
        parseAge(s(r, "up_down")) ?? 0,
        state,
        /^\d+$/.test(state) ? Number(state) : 0,
      ];
    }),
  );
});

golden("show_ip_bgp_neighbors", ({ raw, parsed }) => {
  expect(parseShowIpBgpNeighbors(raw).map((n) => [n.peer, n.vrf, n.remote_as, n.state])).toEqual(
    parsed.map((r) => [s(r, "neighbor"), s(r, "vrf"), asPlain(s(r, "remote_as")), s(r, "bgp_state")]),
  );
});

golden("show_ip_ospf_neighbor", ({ raw, parsed }) => {
  expect(parseShowIpOspfNeighbor(raw)).toEqual(
    parsed.map((r) => ({
      neighbor_id: s(r, "neighbor_id"),
      priority: Number(s(r, "priority")),
      state: s(r, "state"),
      dead_time: s(r, "dead_time"),
      address: s(r, "ip_address"),
      interface: s(r, "interface"),
    })),
  );
});

golden("show_ip_ospf_interface_brief", ({ raw, parsed }) => {
  expect(parseShowIpOspfInterfaceBrief(raw)).toEqual(
    parsed.map((r) => ({
      interface: s(r, "interface"),
      process: s(r, "process"),
      area: s(r, "area"),
      address: `${s(r, "ip_address")}/${s(r, "prefix_length")}`,
      cost: Number(s(r, "cost")),
      state: s(r, "state"),
      neighbors_fc: s(r, "neighbors_fc"),
    })),
  );
});

golden("show_lldp_neighbors_detail", ({ raw, parsed }) => {
  expect(
    parseShowLldpNeighborsDetail(raw).map((n) => ({
      local_interface: n.local_interface ?? "",
      chassis_id: n.chassis_id,
      neighbor_port_id: n.port_id,
      neighbor_interface: n.port_description,
      neighbor_name: n.system_name,
    })),
  ).toEqual(
    parsed.map((r) => ({
      local_interface: s(r, "local_interface"),
      chassis_id: s(r, "chassis_id"),
      neighbor_port_id: s(r, "neighbor_port_id"),
      neighbor_interface: s(r, "neighbor_interface"),
      neighbor_name: s(r, "neighbor_name"),
    })),
  );
});

golden("show_cdp_neighbors_detail", ({ raw, parsed }) => {
  expect(
    parseShowCdpNeighborsDetail(raw).map((n) => ({
      neighbor_name: n.device_id,
      local_interface: n.local_interface,
      neighbor_interface: n.port_id,
      platform: n.platform,
      mgmt_address: n.address,
    })),
  ).toEqual(
    parsed.map((r) => ({
      neighbor_name: s(r, "neighbor_name"),
      local_interface: s(r, "local_interface"),
      neighbor_interface: s(r, "neighbor_interface"),
      platform: s(r, "platform").trim(),
      mgmt_address: s(r, "mgmt_address"),
    })),
  );
});

golden("show_logging", ({ raw, parsed }) => {
  // A line cut in two by the buffer wrapping around has no date: neither a parse nor a model can place it.
  const want = parsed.filter((r) => s(r, "month") !== "");
  expect(
    parseShowLogging(raw).map((e) => {
      const stamp = e.stamp.kind === "datetime" ? e.stamp : null;
      return {
        number: e.number ?? "",
        day: String(stamp?.day ?? ""),
        time: stamp?.time ?? "",
        timezone: stamp?.zone ?? "",
        mnemonic: e.mnemonic,
        message: e.message,
      };
    }),
  ).toEqual(
    want.map((r) => ({
      number: s(r, "number"),
      day: s(r, "day"),
      time: s(r, "time"),
      timezone: s(r, "timezone"),
      mnemonic: [s(r, "facility"), s(r, "severity"), s(r, "mnemonic")].filter(Boolean).join("-"),
      message: s(r, "message"),
    })),
  );
});

golden("show_clock", ({ raw, parsed }) => {
  const want = parsed[0] as NtcRecord;
  const clock = parseShowClock(raw);
  expect(clock?.zone).toBe(s(want, "timezone"));
  expect(new Date(clock?.wall_ms ?? 0).toISOString()).toBe(
    new Date(`${s(want, "month")} ${s(want, "day")} ${s(want, "year")} ${s(want, "time")} UTC`).toISOString(),
  );
});

golden("show_processes_cpu", ({ raw, parsed }) => {
  const want = parsed[0] as NtcRecord;
  expect(parseShowProcessesCpu(raw)).toEqual({
    five_seconds: Number(s(want, "cpu_usage_5_sec")),
    one_minute: Number(s(want, "cpu_usage_1_min")),
    five_minutes: Number(s(want, "cpu_usage_5_min")),
  });
});

golden("show_processes_memory_sorted", ({ raw, parsed }) => {
  const want = parsed[0] as NtcRecord;
  expect(parseShowProcessesMemory(raw)).toEqual({
    total: Number(s(want, "memory_total")),
    used: Number(s(want, "memory_used")),
    free: Number(s(want, "memory_free")),
  });
});

golden("show_environment_temperature", ({ raw, parsed }) => {
  expect(parseTemperatures(raw).sort()).toEqual(
    parsed
      .flatMap((r) => [Number(s(r, "inlet_temperature_value")), Number(s(r, "hotspot_temperature_value"))])
      .sort(),
  );
});

golden("show_snmp_community", ({ raw, parsed }) => {
  expect(parseShowSnmpCommunity(raw)).toEqual(
    parsed.map((r) => ({
      name: s(r, "name"),
      security_name: s(r, "security_name"),
      storage_type: s(r, "storage_type"),
      acl: s(r, "access_list_number") || null,
    })),
  );
});

golden("ping", ({ raw, parsed }) => {
  const want = parsed[0] as NtcRecord;
  const mine = parsePing(raw);
  expect([mine?.destination, mine?.sent]).toEqual([s(want, "destination"), Number(s(want, "sent_qty"))]);
  if (s(want, "success_qty") === "") {
    // Replies to a broadcast ping are listed one by one: each request answered counts once.
    expect(mine?.received).toBe(
      new Set(
        list(want, "responders").map((_r, i) =>
          Math.floor((i / list(want, "responders").length) * (mine?.sent ?? 1)),
        ),
      ).size,
    );
    return;
  }
  expect([mine?.received, mine?.success_pct]).toEqual([
    Number(s(want, "success_qty")),
    Number(s(want, "success_pct")),
  ]);
  // A run with no answer prints stale figures on some releases; the model keeps no round trip then.
  if (mine?.received) expect(mine.rtt?.avg).toBe(Number(s(want, "rtt_avg")));
  else expect(mine?.rtt).toBeNull();
});

golden("traceroute", ({ raw, parsed }) => {
  expect(
    parseTraceroute(raw)
      .filter((p) => p.address !== null)
      .map((p) => [p.hop, p.address, p.name ?? "", p.rtts]),
  ).toEqual(
    parsed
      .filter((r) => s(r, "ip_address") !== "")
      .map((r) => [
        Number(s(r, "hop_num")),
        s(r, "ip_address"),
        s(r, "fqdn"),
        list(r, "rtt_response")
          .filter((v) => /^\d+$/.test(v))
          .map(Number),
      ]),
  );
});
