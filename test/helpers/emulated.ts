// Devices of a NetworkSource behind the IOS emulator, reached in-process (no SSH): the IOS driver reads
// them exactly as it reads a device over SSH, so renderers and parsers meet without the transport.
import type { Clock } from "../../src/clock.js";
import { IosDevice } from "../../src/network/emulator/ios-device.js";
import { NetworkError, type NetworkSource } from "../../src/network/source.js";
import { IosCliNetworkSource } from "../../src/network/ssh/driver.js";
import type { CliTransport, Run } from "../../src/network/ssh/pool.js";
import { rejectionIn } from "../../src/network/ssh/rejection.js";

export function emulatedTransport(source: NetworkSource, clock: Clock): CliTransport {
  const devices = new Map<string, Promise<IosDevice>>();
  const run = async (device: string, command: string) => {
    let cli = devices.get(device);
    if (!cli) {
      cli = IosDevice.open({ source, device, clock, enableSecret: null });
      devices.set(device, cli);
    }
    const { output } = await (await cli).execute(command);
    const rejected = rejectionIn(output);
    if (rejected)
      throw new NetworkError("command-rejected", `${device}: '${command}' was rejected: ${rejected}`);
    return output;
  };
  return {
    run,
    exclusive: <T>(device: string, work: (run: Run) => Promise<T>) => work((command) => run(device, command)),
    close: async () => {},
  };
}

export function emulatedNetwork(source: NetworkSource, clock: Clock): IosCliNetworkSource {
  return new IosCliNetworkSource({
    inventory: () => source.inventory(),
    transport: emulatedTransport(source, clock),
    clock,
    timeouts: { showMs: 1000, pingMs: 1000, tracerouteMs: 1000 },
  });
}
