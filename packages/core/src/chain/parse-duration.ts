const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

// Go's time.ParseDuration: every number needs a unit, except a lone "0".
const DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const ELEMENT = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
// time.Duration is an int64 of nanoseconds; Go rejects anything longer.
const MAX_SECONDS = 2 ** 63 / 1e9;

/** Parses a Go duration (`12h`, `90m`, `1h30m`, `43200s`, `1.5h`, `500ms`) into seconds; undefined if invalid. */
export function parseGoDuration(text: string): number | undefined {
  if (/^[-+]?0$/.test(text)) return 0;
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(ELEMENT)) {
    seconds += Number(amount) * UNIT_SECONDS[unit as string]!;
  }
  if (seconds > MAX_SECONDS) return undefined;
  return text.startsWith("-") ? -seconds : seconds;
}

/** Formats seconds the way Go prints a time.Duration (`2h0m0s`, `1h30m0s`, `45s`, `500ms`), as in aws-vault's logs. */
export function formatGoDuration(seconds: number): string {
  if (seconds < 0) return `-${formatGoDuration(-seconds)}`;
  if (seconds === 0) return "0s";
  if (seconds < 1) return `${trimNumber(seconds * 1000)}ms`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds - hours * 3600) / 60);
  const rest = `${trimNumber(seconds - hours * 3600 - minutes * 60)}s`;
  if (hours > 0) return `${hours}h${minutes}m${rest}`;
  return minutes > 0 ? `${minutes}m${rest}` : rest;
}

function trimNumber(value: number): string {
  // Whole seconds (every cached session's time left) need no rounding.
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(9)));
}
