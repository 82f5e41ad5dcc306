// A scripted "model" that plays the supervisor, the specialists and the documentation writer well enough
// to drive the real pipeline through the real SDK: it plans, calls tools, consults, cites the evidence
// ids it was given, and answers in the requested schema.
import {
  conversationText,
  json,
  type RecordedRequest,
  type Reply,
  type Script,
  toolUse,
  type Usage,
} from "./anthropic.js";

export interface SpecialistScript {
  /** Tool calls of the first turn; `rounds` gives several turns of them. */
  tools?: Array<{ name: string; input: unknown }>;
  rounds?: Array<Array<{ name: string; input: unknown }>>;
  consult?: { agent: string; question: string };
  /** The final answer, from the evidence ids offered and the conversation so far (tool results included). */
  answer?: (evidence: string[], conversation: string) => unknown;
  /** Never answer (the step must time out). */
  hang?: boolean;
}

export interface TeamOptions {
  plan?: (attempt: number) => unknown;
  specialists?: Record<string, SpecialistScript>;
  verdict?: unknown;
  /** The supervisor's answer when asked to replan (default: add nothing). */
  replan?: unknown;
  report?: string;
  /** Latency model: milliseconds for a reply of this many output tokens. */
  latency?: (outputTokens: number) => number;
  usage?: Usage;
  outputTokens?: number;
  /** Input tokens to report for a request (default 100). */
  inputTokens?: (request: RecordedRequest) => number;
}

export const FOUR_WAY_PLAN = {
  steps: [
    { id: "diag", agent: "diagnosis", task: "Find where the path to the datacenter breaks", depends_on: [] },
    { id: "perf", agent: "performance", task: "Measure latency and utilisation on the WAN", depends_on: [] },
    { id: "sec", agent: "security", task: "Check for exposure or attacks", depends_on: [] },
    {
      id: "cfg",
      agent: "config",
      task: "Find the config behind it and propose a fix",
      depends_on: ["diag", "perf"],
    },
    { id: "doc", agent: "documentation", task: "Write the report", depends_on: ["cfg", "sec"] },
  ],
};

export const systemText = (r: RecordedRequest) => r.body.system?.map((s) => s.text).join("\n") ?? "";
export const specialistOf = (r: RecordedRequest) =>
  /You are the nocbot (\w+) specialist/.exec(systemText(r))?.[1] ?? null;

export function evidenceIds(r: RecordedRequest): string[] {
  return [...conversationText(r.body).matchAll(/\[evidence ([^\]]+)\]/g)].map((m) => m[1] as string);
}

const defaultAnswer = (agent: string) => (evidence: string[]) => ({
  summary: `${agent}: the primary WAN interface br-rtr1 GigabitEthernet0/0 is shut down and traffic runs over the backup`,
  findings: [
    {
      title: `${agent} sees the primary WAN down`,
      severity: "high",
      confidence: 0.8,
      device: "br-rtr1",
      interface: "GigabitEthernet0/0",
      evidence,
    },
  ],
  proposals:
    agent === "config"
      ? [
          {
            device: "br-rtr1",
            lines: ["interface GigabitEthernet0/0", " no shutdown"],
            rationale: "bring the primary WAN back",
            evidence,
            risk: "OSPF re-forms over the primary; a flapping link would flap the route",
          },
        ]
      : [],
});

export function teamScript(options: TeamOptions = {}): Script {
  let planAttempts = 0;
  return async (r): Promise<Reply> => {
    const reply = await answer(r);
    const outputTokens = options.outputTokens ?? 50;
    const body = reply.body as { usage?: Usage } | undefined;
    if (body?.usage) {
      Object.assign(
        body.usage,
        { output_tokens: outputTokens, input_tokens: options.inputTokens?.(r) ?? 100 },
        options.usage,
      );
    }
    return { ...reply, delayMs: options.latency?.(outputTokens) ?? reply.delayMs };
  };

  async function answer(r: RecordedRequest): Promise<Reply> {
    const system = systemText(r);
    const prompt = conversationText(r.body);
    if (system.includes("You are the nocbot supervisor")) {
      if (prompt.includes("Plan the investigation")) {
        planAttempts += 1;
        return json(options.plan ? options.plan(planAttempts) : FOUR_WAY_PLAN);
      }
      if (prompt.includes("Add up to 4 steps"))
        return json(options.replan ?? { add_steps: [], reason: "the evidence is consistent" });
      return json(
        options.verdict ?? {
          verdict: {
            fault: true,
            label: "link-down",
            device: "br-rtr1",
            interface: "GigabitEthernet0/0",
            confidence: 0.9,
            evidence: ["STATE-IF-DOWN@br-rtr1:GigabitEthernet0/0"],
          },
          synthesis:
            "diagnosis found br-rtr1 Gi0/0 shut down [STATE-IF-DOWN@br-rtr1:GigabitEthernet0/0]; performance measured the backup carrying the load.",
        },
      );
    }
    if (system.includes("nocbot documentation specialist")) {
      return json({
        markdown: options.report ?? "# Incident report\n\n## Summary\nThe primary WAN link was shut down.",
      });
    }
    const agent = specialistOf(r);
    if (!agent) throw new Error(`unrecognised request: ${system.slice(0, 80)}`);
    const script = options.specialists?.[agent] ?? {};
    if (script.hang) await new Promise(() => {});
    const consulted = prompt.includes(" asks: ");
    const rounds = [
      ...(script.consult && !consulted ? [[{ name: "consult", input: script.consult }]] : []),
      ...(script.rounds ?? [script.tools ?? DEFAULT_TOOLS[agent] ?? []]),
    ].filter((round) => round.length > 0);
    const turn = r.body.messages.filter((m) => m.role === "assistant").length;
    const round = rounds[turn];
    if (round) return toolUse(round);
    return json((script.answer ?? defaultAnswer(agent))(evidenceIds(r), prompt));
  }
}

const DEFAULT_TOOLS: Record<string, Array<{ name: string; input: unknown }>> = {
  diagnosis: [
    { name: "get_interfaces", input: { device: "br-rtr1" } },
    { name: "route_lookup", input: { device: "br-rtr1", destination: "10.20.10.53" } },
  ],
  performance: [{ name: "get_counters", input: { device: "br-rtr1" } }],
  security: [{ name: "get_logs", input: { device: "br-rtr1", since_minutes: 120 } }],
  config: [{ name: "get_config", input: { device: "br-rtr1" } }],
};
