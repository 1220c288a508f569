/**
 * A line diff for prompt versions: the longest common subsequence of lines, then the edit
 * script walked from the start. Prompts are bounded (PROMPT_MAX_CHARS), so the quadratic
 * table stays small; past MAX_CELLS the diff degrades to "all removed, all added" rather
 * than spending the memory.
 */
export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}

const MAX_CELLS = 4_000_000;

/** Invariant: the `same`+`del` lines spell `before`, the `same`+`add` lines spell `after`. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return [
      ...a.map((text) => ({ op: 'del' as const, text })),
      ...b.map((text) => ({ op: 'add' as const, text })),
    ];
  }
  // lcs[i][j]: the LCS length of a[i..] and b[j..], in one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * w + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] as string });
      i++;
      j++;
    } else if (i < n && (j === m || (lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number))) {
      // Removals before additions, so a changed line reads old then new.
      out.push({ op: 'del', text: a[i] as string });
      i++;
    } else {
      out.push({ op: 'add', text: b[j] as string });
      j++;
    }
  }
  return out;
}
