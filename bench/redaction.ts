// What the secrets boundary costs: redaction throughput on a large config set (lines per second through
// the grammar and the vault), and a whole-network analysis of the lab through the boundary against the
// same analysis on the raw driver (the overhead every investigation pays).
import { analyzeNetwork } from "../src/analyzers/analyze.js";
import { systemClock } from "../src/clock.js";
import { LabNetworkSource } from "../src/network/lab/driver.js";
import { loadLabFile } from "../src/network/lab/load.js";
import { RedactingNetworkSource } from "../src/network/secrets/redacting-source.js";
import { SecretVault } from "../src/network/secrets/vault.js";
import { DEFAULT_LAB_FILE } from "../src/paths.js";

const DEVICES = 200;
const INTERFACES_PER_DEVICE = 240;

function configWithSecrets(n: number): string {
  const lines = [
    `hostname gen-${n}`,
    `enable secret 9 $9$gen${n}salt$${"x".repeat(43)}`,
    `username ops privilege 15 secret 9 $9$ops${n}salt$${"y".repeat(43)}`,
    `snmp-server community Ro-${n}-c0mm RO 99`,
    `snmp-server host 10.20.10.44 version 2c Tr4p-${n}`,
    `tacacs-server host 10.20.10.47 key 7 0832494D1B1A0B${n}`,
  ];
  for (let i = 0; i < INTERFACES_PER_DEVICE; i++) {
    lines.push(
      `interface GigabitEthernet${Math.floor(i / 48)}/${i % 48}`,
      ` description USERS desk ${i}`,
      ` ip address 10.${n % 250}.${i}.1 255.255.255.0`,
      i % 4 === 0 ? " ip ospf message-digest-key 1 md5 7 0822455D0A16544541" : " no shutdown",
      "!",
    );
  }
  lines.push("line vty 0 4", " password 7 045802150C2E", " transport input ssh");
  return lines.join("\n");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function redactionBench() {
  const configs = Array.from({ length: DEVICES }, (_, n) => configWithSecrets(n));
  const lines = configs.reduce((sum, c) => sum + c.split("\n").length, 0);
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    const vault = SecretVault.ephemeral();
    const start = performance.now();
    for (const config of configs) vault.redactConfig(config);
    rates.push(lines / ((performance.now() - start) / 1000));
  }

  // Raw and redacted runs alternate, so neither gets the warmer JIT or the quieter machine.
  const lab = loadLabFile(DEFAULT_LAB_FILE);
  const at = new Date();
  const rawRuns: number[] = [];
  const redactedRuns: number[] = [];
  for (let run = 0; run < 9; run++) {
    const inner = new LabNetworkSource(lab, "wan-primary-down", systemClock);
    const pair = [
      [new LabNetworkSource(lab, "wan-primary-down", systemClock), rawRuns],
      [new RedactingNetworkSource(inner, SecretVault.ephemeral()), redactedRuns],
    ] as const;
    for (const [network, runs] of run % 2 === 0 ? pair : [...pair].reverse()) {
      const start = performance.now();
      await analyzeNetwork(network, at);
      runs.push(performance.now() - start);
    }
  }
  const raw = median(rawRuns);
  const redacted = median(redactedRuns);
  return { lines, medianLinesPerSecond: median(rates), rawMs: raw, redactedMs: redacted };
}

export async function printRedactionBench(): Promise<void> {
  const r = await redactionBench();
  console.log("Secrets boundary");
  console.log(
    `  redaction: ${r.lines.toLocaleString("en")} config lines, median ${Math.round(r.medianLinesPerSecond).toLocaleString("en")} lines/s (5 runs)`,
  );
  console.log(
    `  lab analysis (wan-primary-down, median of 9, in alternating order): raw driver ${r.rawMs.toFixed(1)} ms, through the boundary ${r.redactedMs.toFixed(1)} ms (x${(r.redactedMs / r.rawMs).toFixed(2)})`,
  );
}
