// `show ip ospf neighbor` (adjacencies and their state) and `show ip ospf interface brief` (the area of each
// interface, which the neighbor table does not print).
import { canonicalInterface } from "../interface-names.js";
import type { OspfNeighbor } from "../types.js";
import { formatAge } from "./age.js";

export interface OspfNeighborRow {
  neighbor_id: string;
  priority: number;
  /** "FULL/DR", "2WAY/DROTHER", "FULL/  -", "EXSTART/BDR" */
  state: string;
  dead_time: string;
  address: string;
  interface: string;
}

const NEIGHBOR_ROW =
  /^(\d+\.\d+\.\d+\.\d+)\s+(\d+)\s+(\S+\/\s*\S+|\S+)\s+(\d+:\d+:\d+|-)\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)\s*$/;

export function parseShowIpOspfNeighbor(text: string): OspfNeighborRow[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = NEIGHBOR_ROW.exec(line);
    return m
      ? [
          {
            neighbor_id: m[1] as string,
            priority: Number(m[2]),
            state: m[3] as string,
            dead_time: m[4] as string,
            address: m[5] as string,
            interface: m[6] as string,
          },
        ]
      : [];
  });
}

export interface OspfInterfaceRow {
  interface: string;
  process: string;
  area: string;
  address: string;
  cost: number;
  state: string;
  neighbors_fc: string;
}

const INTERFACE_ROW = /^(\S+)\s+(\d+)\s+(\S+)\s+(\d+\.\d+\.\d+\.\d+\/\d+)\s+(\d+)\s+(\S+)\s+(\d+\/\d+)\s*$/;

export function parseShowIpOspfInterfaceBrief(text: string): OspfInterfaceRow[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const m = INTERFACE_ROW.exec(line);
    return m
      ? [
          {
            interface: m[1] as string,
            process: m[2] as string,
            area: m[3] as string,
            address: m[4] as string,
            cost: Number(m[5]),
            state: m[6] as string,
            neighbors_fc: m[7] as string,
          },
        ]
      : [];
  });
}

const STATES = new Set(["DOWN", "INIT", "2WAY", "EXSTART", "EXCHANGE", "LOADING", "FULL"]);

/** The adjacency state without the DR role; ATTEMPT (NBMA, nothing heard yet) counts as DOWN. */
function stateOf(text: string): OspfNeighbor["state"] {
  const word = (text.split("/")[0] ?? "").toUpperCase();
  return (STATES.has(word) ? word : "DOWN") as OspfNeighbor["state"];
}

export function ospfNeighborsOf(
  rows: readonly OspfNeighborRow[],
  interfaces: readonly OspfInterfaceRow[],
): OspfNeighbor[] {
  const areas = new Map(interfaces.map((i) => [canonicalInterface(i.interface), i.area]));
  return rows.map((row) => {
    const iface = canonicalInterface(row.interface);
    return {
      neighbor_id: row.neighbor_id,
      address: row.address,
      interface: iface,
      state: stateOf(row.state),
      area: areas.get(iface) ?? "",
    };
  });
}

export function renderShowIpOspfNeighbor(neighbors: readonly OspfNeighbor[]): string {
  return [
    "Neighbor ID     Pri   State           Dead Time   Address         Interface",
    ...neighbors.map(
      (n) =>
        `${n.neighbor_id.padEnd(15)} ${"0".padStart(3)}   ${`${n.state}/  -`.padEnd(15)} ${formatAge(35).padEnd(11)} ${n.address.padEnd(15)} ${n.interface}`,
    ),
  ]
    .join("\n")
    .concat("\n");
}

export function renderShowIpOspfInterfaceBrief(
  rows: ReadonlyArray<{
    interface: string;
    process: string;
    area: string;
    address: string;
    state: string;
    neighbors: number;
  }>,
): string {
  return [
    "Interface    PID   Area            IP Address/Mask    Cost  State Nbrs F/C",
    ...rows.map(
      (r) =>
        `${r.interface.padEnd(12)} ${r.process.padEnd(5)} ${r.area.padEnd(15)} ${r.address.padEnd(18)} ${"1".padEnd(5)} ${r.state.padEnd(5)} ${r.neighbors}/${r.neighbors}`,
    ),
  ]
    .join("\n")
    .concat("\n");
}
