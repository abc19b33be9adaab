import { VaultError } from "@vault-cli/core";
import type { Prompt } from "../../src/io.js";

interface Asked {
  readonly question: string;
  readonly hidden: boolean;
}

export interface ScriptedPrompt {
  readonly prompt: Prompt;
  /** Every question asked, in order. */
  readonly asked: Asked[];
}

/**
 * A Prompt that answers from a script: a string is typed, an Error is thrown (e.g. INTERRUPTED for
 * Ctrl-C). With the script used up it behaves like a machine without a terminal.
 */
export function scriptedPrompt(answers: readonly (string | Error)[] = []): ScriptedPrompt {
  const queue = [...answers];
  const asked: Asked[] = [];
  return {
    asked,
    prompt: async (question, { hidden, purpose }) => {
      asked.push({ question, hidden });
      const answer = queue.shift();
      if (answer === undefined) {
        throw new VaultError(
          "NO_TERMINAL",
          `no terminal to ask ${JSON.stringify(question.trim())} (scripted)`,
          {
            data: { purpose },
          },
        );
      }
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

export const ctrlC = () => new VaultError("INTERRUPTED", "interrupted");
