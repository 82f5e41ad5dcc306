// Secrets are redacted at the network boundary (src/network/secrets/), before any text reaches the model.
// The gateway still runs every outgoing text through a Redactor, the vault behind that boundary, as a
// second line: a secret the vault has seen is replaced wherever it appears, in a question someone typed
// as much as in a tool result.
export interface Redactor {
  redact(text: string): string;
}
