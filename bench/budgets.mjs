// The per-call, per-chunk and size budgets, as bench/run.mjs and bench/runtimes.mjs
// report them: each budget, its target, the figure, met or not. Reported, never asserted: the
// figures depend on the machine and its load, and the test command runs the benchmarks only to
// prove that they work.

/** Both values with the decimals that give the smaller one three significant digits or so. */
function pair(value, reference, unit) {
  const least = Math.min(Math.abs(value), Math.abs(reference));
  const digits = least >= 100 ? 0 : least >= 10 ? 1 : least >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} vs ${reference.toFixed(digits)} ${unit}`;
}

/**
 * The budget "`value` ≤ `factor` × `reference`" (e.g. ours ≤ 1.1× the floor), with its figure:
 * the ratio, then both values in `unit`.
 */
export function atMost({ budget, value, reference, referenceName, factor = 1, unit }) {
  const ratio = value / reference;
  return {
    budget,
    target: `≤ ${factor === 1 ? '' : `${factor}× `}${referenceName}`,
    figure: `${ratio.toFixed(2)}× (${pair(value, reference, unit)})`,
    value,
    reference,
    ratio,
    met: ratio <= factor,
  };
}

/** The budgets table; every row also goes into the RESULTS line as it is. */
export function printBudgets(title, rows) {
  const width = (key, min) => Math.max(min, ...rows.map((r) => r[key].length)) + 2;
  const [b, t, f] = [width('budget', title.length), width('target', 6), width('figure', 6)];
  console.log(`\n${title.padEnd(b)}${'target'.padEnd(t)}${'figure'.padEnd(f)}met?`);
  for (const r of rows) console.log(`${r.budget.padEnd(b)}${r.target.padEnd(t)}${r.figure.padEnd(f)}${r.met ? 'met' : 'NOT MET'}`);
  const missed = rows.filter((r) => !r.met).length;
  console.log(`${rows.length - missed} of ${rows.length} met${missed ? `; ${missed} not met` : ''} (reported, not asserted: figures move with the machine's load)`);
}
