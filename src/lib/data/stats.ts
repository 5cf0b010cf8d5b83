/** Counts how many examples carry each label 0..classes-1; a label outside that range is an error. */
export function classCounts(labels: Uint8Array, classes = 10): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) {
    if (label >= classes) throw new RangeError(`label ${label} is outside 0..${classes - 1}`);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
