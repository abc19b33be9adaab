import { dirname } from "node:path";
import { parseGoDuration, VaultError } from "@vault-cli/core";
import {
  agentSocketPath,
  askAgent,
  encodeMaterial,
  ensureAgentDir,
  wipeKeyMaterial,
} from "@vault-cli/keystores";
import type { Command } from "../command.js";
import type { CliIo } from "../io.js";
import { usageError } from "../usage-error.js";

const DEFAULT_TTL_SECONDS = 3600;
/** A week: long enough for any working session, well under Node's 24.8-day timer limit. */
const MAX_TTL_SECONDS = 7 * 24 * 3600;

export const agentCommand: Command = {
  name: "agent",
  summary: "Hold the file keystore's unlocked keys for a while, like ssh-agent",
  args: "",
  description: `Ask for the file backend's passphrase once, check it against the stored items, and leave a
process that holds the keys derived from it (never the passphrase) for --ttl. Until then every vault-cli
command and fromVault() of this user read and write the keystore without asking; items it has no key for
(written meanwhile by aws-vault) still ask. It listens on a socket only this user can open
($XDG_RUNTIME_DIR/vault-cli/agent.sock, else a 0700 directory under $TMPDIR). AWS_VAULT_FILE_PASSPHRASE,
when set, wins over the agent. Running 'agent' again replaces a running agent.`,
  flags: [
    {
      name: "ttl",
      value: "D",
      help: "how long the keys are held, e.g. 30m or 8h (default 1h, at most 168h)",
    },
    { name: "stop", help: "make the agent forget the keys and exit" },
    { name: "status", help: "say whether an agent runs, for which directory and until when" },
  ],
  async run({ values, positionals }, { io, vault }) {
    if (positionals.length > 0) throw usageError("agent", `unexpected argument '${positionals[0]}'`);
    if ([values.stop, values.status, values.ttl !== undefined].filter(Boolean).length > 1) {
      throw usageError("agent", "--stop, --status and --ttl go one at a time");
    }
    const socket = agentSocketPath(io.env);
    if (socket === undefined) {
      throw new VaultError(
        "UNSUPPORTED",
        "the agent needs Unix sockets and user ids, which this platform lacks",
      );
    }
    if (values.status) return status(io, socket);
    if (values.stop) {
      const answer = await askAgent(socket, { op: "stop" });
      io.stdout(answer?.ok === true ? "Agent stopped: its keys are forgotten.\n" : "No agent is running.\n");
      return 0;
    }
    const ttlSeconds = ttlFlag(values.ttl);
    if (!io.startAgent) throw new VaultError("AGENT_FAILED", "the agent cannot be started from here");
    const material = await vault.unlockFileKeystore();
    await ensureAgentDir(dirname(socket));
    await askAgent(socket, { op: "stop" }); // the one running is replaced, only once the new keys are good
    const payload = encodeMaterial(material, { socket, ttlMs: ttlSeconds * 1000 });
    wipeKeyMaterial(material);
    const pid = await io.startAgent(payload);
    const until = new Date(io.now().getTime() + ttlSeconds * 1000);
    io.stdout(
      `Agent started (pid ${pid}): the keys of '${material.dir}' are held until ${formatTime(until)}; ` +
        "'vault-cli agent --stop' forgets them.\n",
    );
    return 0;
  },
};

async function status(io: CliIo, socket: string): Promise<number> {
  const answer = await askAgent(socket, { op: "status" });
  if (answer?.ok !== true) {
    io.stdout("No agent is running.\n");
    return 1;
  }
  const until = new Date(String(answer.expiresAt));
  io.stdout(`Agent (pid ${answer.pid}) holds the keys of '${answer.dir}' until ${formatTime(until)}.\n`);
  return 0;
}

function ttlFlag(text: string | boolean | undefined): number {
  if (typeof text !== "string") return DEFAULT_TTL_SECONDS;
  const seconds = parseGoDuration(text);
  if (seconds === undefined || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw usageError("agent", `invalid --ttl '${text}': use a Go duration from 1s to 168h, such as 8h`);
  }
  return seconds;
}

/** UTC to the second, as AWS_CREDENTIAL_EXPIRATION is written. */
function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z");
}
