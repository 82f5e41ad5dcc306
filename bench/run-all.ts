// npm run bench: every benchmark, figures printed, nothing asserted (goals are read, not timed in tests).
import { printAlertBench } from "./alerts.js";
import { printAnalyzerAccuracy } from "./analyzer-accuracy.js";
import { printInvestigationBench } from "./investigation.js";
import { printLintThroughput } from "./lint-throughput.js";
import { printRedactionBench } from "./redaction.js";
import { printSlackBench } from "./slack.js";

printLintThroughput();
console.log();
await printAnalyzerAccuracy();
console.log();
await printRedactionBench();
console.log();
await printInvestigationBench();
console.log();
await printSlackBench();
console.log();
await printAlertBench();
