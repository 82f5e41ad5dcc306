// Runbooks for tests: the shipped library, and runbook files written on the fly into a temporary directory.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRunbooks } from "../../src/cli/runbooks.js";
import { type RunbookLibrary, SHIPPED_RUNBOOKS_DIR } from "../../src/runbooks/library.js";

export const NOW = new Date("2026-11-24T09:00:00Z");

export function shippedRunbooks(): RunbookLibrary {
  return openRunbooks([SHIPPED_RUNBOOKS_DIR], NOW).library;
}

/** A runbook's text: the frontmatter given (YAML lines) over a body (five sections unless given). */
export function runbookText(frontmatter: string, body?: string): string {
  return `---\n${frontmatter.trim()}\n---\n\n${
    body ??
    `## Goal
Find it.

## Checks
1. [diagnosis] Read the interfaces with \`get_interfaces\`. (evidence: STATE-IF-DOWN)
2. Read the logs with \`get_logs\`.
3. [config] Read the config with \`get_config\`.

## Interpretation
Down is bad.

## Remediation
Bring it up.

## Escalation
Call the carrier.
`
  }`;
}

export const FRONTMATTER = `
id: test-link
title: Test link down
description: A test runbook.
match:
  alerts: ["LinkDown*"]
  labels: { severity: critical }
  root_causes: [link-down]
  devices: ["br-*"]
  keywords: [latency, link]
specialists: [diagnosis, config]
tools: [get_interfaces, get_logs, get_config]
owner: test-team
escalation: the test on-call
last_reviewed: 2026-10-01`;

/** A directory holding the given files (name -> text). */
export function runbookDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nocbot-runbooks-"));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}
