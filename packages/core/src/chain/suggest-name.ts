/** Names longer than this get no suggestion: edit distance is quadratic, and such a name is not a typo. */
const MAX_SUGGESTED_LENGTH = 128;

/**
 * The candidate closest to `input` by edit distance (case-insensitive, a swap of two neighbours counts once),
 * for "did you mean" hints; undefined when nothing is close enough to be a plausible typo.
 */
export function suggestName(
  input: string,
  candidates: Iterable<string>,
  maxDistance = Math.max(1, Math.floor(input.length / 3)),
): string | undefined {
  if (input.length > MAX_SUGGESTED_LENGTH) return undefined;
  const limit = maxDistance;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === input || candidate.length > MAX_SUGGESTED_LENGTH) continue;
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `(did you mean 'x'?)` with a leading space, or "" when there is no suggestion. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const suggestion = suggestName(input, candidates);
  return suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`;
}

// Optimal string alignment distance; returns `cap` early once the answer cannot be below it.
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
