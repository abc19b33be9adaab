import { existsSync } from "node:fs";

/**
 * The session bus's address as libdbus finds it: DBUS_SESSION_BUS_ADDRESS, else the systemd user bus at
 * $XDG_RUNTIME_DIR/bus. Undefined when there is neither. (Kept apart from the client, which loads node:net.)
 */
export function sessionBusAddress(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && existsSync(`${runtime}/bus`)) return `unix:path=${runtime}/bus`;
  return undefined;
}
