// One question-length rule for every front end: the incident keeps the whole text, a run reads the first
// QUESTION_LIMIT characters and is told how much more there was, and the asker is told the same.
import { describe, expect, it } from "vitest";
import { cutNotice, QUESTION_LIMIT, questionForRun } from "../../src/runs/question.js";

describe("the question a run reads", () => {
  it("is the whole question up to the limit, with nothing to tell the asker", () => {
    const fits = "x".repeat(QUESTION_LIMIT);
    expect(questionForRun(fits)).toBe(fits);
    expect(cutNotice("INC-1", fits)).toBeNull();
  });

  it("is cut at the limit past it, saying how much was left out, and the asker is told", () => {
    const long = `${"x".repeat(QUESTION_LIMIT)}tail`;
    expect(questionForRun(long)).toBe(
      `${"x".repeat(QUESTION_LIMIT)} [… the message goes on for 4 more characters]`,
    );
    expect(cutNotice("INC-1", long)).toBe(
      "Your description is 4,004 characters: INC-1 investigates the first 4,000, and keeps the whole text with the incident.",
    );
  });
});
