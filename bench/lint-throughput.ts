// Config lint throughput on a large generated config set: lines per second through parse + every rule.
import { lintConfigs } from "../src/analyzers/rules/catalogue.js";

const DEVICES = 200;
const INTERFACES_PER_DEVICE = 240;

function generatedConfig(n: number): string {
  const lines = [
    `hostname gen-${n}`,
    "service password-encryption",
    "aaa new-model",
    "ip ssh version 2",
    "snmp-server community public RO",
    "ip access-list standard MGMT-ONLY",
    " permit 10.99.0.0 0.0.0.255",
  ];
  for (let i = 0; i < INTERFACES_PER_DEVICE; i++) {
    lines.push(
      `interface GigabitEthernet${Math.floor(i / 48)}/${i % 48}`,
      ` description ${i % 10 === 0 ? "WAN uplink" : "USERS desk"} ${i}`,
      ` ip address 10.${n % 250}.${i}.1 255.255.255.0`,
      i % 3 === 0 ? " ip helper-address 10.20.10.67" : " load-interval 30",
      i % 7 === 0 ? " duplex half" : " no shutdown",
      "!",
    );
  }
  lines.push(
    "router ospf 1",
    " network 10.0.0.0 0.255.255.255 area 0",
    "line vty 0 4",
    " transport input telnet ssh",
  );
  return lines.join("\n");
}

export function lintThroughput(): {
  lines: number;
  findings: number;
  bestLinesPerSecond: number;
  medianLinesPerSecond: number;
} {
  const inputs = Array.from({ length: DEVICES }, (_, n) => ({
    device: `gen-${n}`,
    config: generatedConfig(n),
  }));
  const lines = inputs.reduce((sum, input) => sum + input.config.split("\n").length, 0);
  const rates: number[] = [];
  let findings = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    findings = lintConfigs(inputs).length;
    rates.push(lines / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return {
    lines,
    findings,
    bestLinesPerSecond: rates[rates.length - 1] ?? 0,
    medianLinesPerSecond: rates[2] ?? 0,
  };
}

export function printLintThroughput(): void {
  const r = lintThroughput();
  console.log("config lint throughput (parse + all rules, 5 runs)");
  console.log(
    `  config set:  ${DEVICES} devices, ${r.lines.toLocaleString("en")} lines, ${r.findings.toLocaleString("en")} findings`,
  );
  console.log(`  median:      ${Math.round(r.medianLinesPerSecond).toLocaleString("en")} lines/s`);
  console.log(`  best:        ${Math.round(r.bestLinesPerSecond).toLocaleString("en")} lines/s`);
}
