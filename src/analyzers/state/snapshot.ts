// One read of everything the state analyzers look at, taken through the NetworkSource only: what a person
// with show commands would see, nothing the lab knows about its own scenarios.
import { globalAddresses } from "../../network/ios/model.js";
import type { NetworkSource } from "../../network/source.js";
import type {
  BgpNeighbor,
  Counters,
  Environment,
  Interface,
  InterfaceIp,
  LldpNeighbor,
  LogEntry,
  NtpState,
  OspfNeighbor,
  PingResult,
  Route,
} from "../../network/types.js";
import { type DeviceContext, deviceContext } from "../rules/rule.js";

export interface DeviceSnapshot {
  device: string;
  ctx: DeviceContext;
  interfaces: Interface[];
  counters: Counters[];
  ips: InterfaceIp[];
  bgp: BgpNeighbor[];
  ospf: OspfNeighbor[];
  lldp: LldpNeighbor[];
  routes: Route[];
  environment: Environment;
  logs: LogEntry[];
  ntp: NtpState;
  nameServers: PingResult[];
}

export interface NetworkSnapshot {
  at: Date;
  devices: DeviceSnapshot[];
}

export async function takeSnapshot(
  source: NetworkSource,
  at: Date,
  configs?: ReadonlyMap<string, string>,
  logWindowHours = 24,
): Promise<NetworkSnapshot> {
  const since = new Date(at.getTime() - logWindowHours * 3600_000);
  const inventory = await source.inventory();
  const devices = await Promise.all(
    inventory.map(async ({ name }): Promise<DeviceSnapshot> => {
      const config = configs?.get(name) ?? (await source.getConfig(name));
      const ctx = deviceContext(name, config);
      const [interfaces, counters, ips, bgp, ospf, lldp, routes, environment, logs, ntp, nameServers] =
        await Promise.all([
          source.getInterfaces(name),
          source.getCounters(name),
          source.getInterfaceIps(name),
          source.getBgpNeighbors(name),
          source.getOspfNeighbors(name),
          source.getLldpNeighbors(name),
          source.getRoutes(name),
          source.getEnvironment(name),
          source.getLogs(name, since),
          source.getNtp(name),
          Promise.all(
            globalAddresses(ctx.tree, /^ip name-server\s+/).map(({ address }) => source.ping(name, address)),
          ),
        ]);
      return {
        device: name,
        ctx,
        interfaces,
        counters,
        ips,
        bgp,
        ospf,
        lldp,
        routes,
        environment,
        logs,
        ntp,
        nameServers,
      };
    }),
  );
  return { at, devices };
}
