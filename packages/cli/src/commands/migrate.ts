import { BACKENDS } from "@vault-cli/keystores";
import type { Command } from "../command.js";
import { usageError } from "../usage-error.js";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Copy every stored long-term key from one keystore backend to another",
  args: "--from <backend> --to <backend>",
  description: `Copy each profile's long-term keys from the backend --from to the backend --to and read every copy back.
Only when all copies match, and --delete-source is given, are the originals removed: stopped at any point,
every key is still in one place or both. A key the target already holds with another value is left alone
on both sides (and nothing is removed). Cached sessions are not copied: they are made again on first use.
The keystore flags (--file-dir, --pass-dir, ...) apply to both backends.`,
  flags: [
    { name: "from", value: "NAME", choices: BACKENDS, help: "the backend to copy from" },
    { name: "to", value: "NAME", choices: BACKENDS, help: "the backend to copy to" },
    { name: "delete-source", help: "remove the originals once every copy is verified" },
  ],
  async run({ values, positionals }, { io, vault }) {
    if (positionals.length > 0) throw usageError("migrate", `unexpected argument '${positionals[0]}'`);
    const from = values.from;
    const to = values.to;
    if (typeof from !== "string" || typeof to !== "string") {
      throw usageError("migrate", "both --from and --to are required");
    }
    const result = await vault.migrate(
      { from, to, deleteSource: values["delete-source"] === true },
      (event) => {
        const line = {
          copied: `copied '${event.key}' to ${to} (read back intact)`,
          "already-there": `'${event.key}' is already in ${to} with the same value`,
          conflict: `'${event.key}' is in ${to} with another value: left alone in both`,
          unreadable: `'${event.key}' is listed in ${from} but cannot be read there: not copied`,
          changed: `'${event.key}' changed in ${from} after it was copied: kept there (run migrate again)`,
          removed: `removed '${event.key}' from ${from}`,
        }[event.kind];
        io.stderr(`${line}\n`);
      },
    );
    const kept = values["delete-source"] && result.removed.length === 0 && result.verified.length > 0;
    io.stdout(
      `${result.verified.length} keys in ${to}, ${result.removed.length} removed from ${from}` +
        (result.unreadable.length ? `, ${result.unreadable.length} unreadable (not copied)` : "") +
        (result.conflicts.length ? `, ${result.conflicts.length} conflicting (not copied)` : "") +
        (result.unreadable.length ? `, ${result.unreadable.length} unreadable (not copied)` : "") +
        (result.sessionsLeft ? `; ${result.sessionsLeft} cached sessions not copied` : "") +
        "\n",
    );
    if (kept) io.stderr(`vault-cli: nothing was removed from ${from} because of the conflicts above\n`);
    return result.conflicts.length + result.unreadable.length > 0 ? 1 : 0;
  },
};
