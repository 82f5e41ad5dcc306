// How long a question may be, for every front end: any length is taken and kept whole with the incident;
// an investigation works on its first QUESTION_LIMIT characters, and is told how much more there was.
// The CLI and Slack accept what the runner accepts and tell the asker the same thing.

export const QUESTION_LIMIT = 4000;

/** The question as a run gets it: whole, or cut at the limit with a note of what was left out. */
export function questionForRun(question: string): string {
  if (question.length <= QUESTION_LIMIT) return question;
  return `${question.slice(0, QUESTION_LIMIT)} [… the message goes on for ${question.length - QUESTION_LIMIT} more characters]`;
}

/** What the asker is told when the question is longer than an investigation reads; null when it is not. */
export function cutNotice(incidentId: string, question: string): string | null {
  if (question.length <= QUESTION_LIMIT) return null;
  const n = (count: number) => count.toLocaleString("en");
  return `Your description is ${n(question.length)} characters: ${incidentId} investigates the first ${n(QUESTION_LIMIT)}, and keeps the whole text with the incident.`;
}
