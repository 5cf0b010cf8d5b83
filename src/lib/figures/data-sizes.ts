// What a visitor's browser downloads of MNIST, from the generated manifest (public/data/mnist,
// `npm run data`): the course quotes these sizes through <DataSize>, never typed by hand.
import { manifestFiles, shardsCovering, type Manifest } from '../data/manifest.ts';

/** Compressed bytes of the shards a load of `train` and `test` examples fetches (images and labels). */
export function bytesFor(manifest: Manifest, train: number, test: number): number {
  const split = (s: Manifest['splits']['train'], count: number) =>
    shardsCovering(s, count).reduce((a, sh) => a + sh.images.bytes + sh.labels.bytes, 0);
  return split(manifest.splits.train, train) + split(manifest.splits.test, test);
}

/** The sizes the teachers' page quotes: every file, the first training shard, and each preset's load. */
export interface DataSizes {
  /** Every shard of both splits: what the notebook preset or the preprocessing page's first cell fetches. */
  all: number;
  /** The first training shard, images and labels. */
  firstTrain: number;
  /** Each preset's load (its trainSize and testSize), by preset name. */
  presets: Record<string, number>;
}

/** Reads the sizes off a validated manifest. */
export function dataSizes(manifest: Manifest, presets: Readonly<Record<string, Readonly<{ trainSize: number; testSize: number }>>>): DataSizes {
  const first = manifest.splits.train.shards[0];
  return {
    all: manifestFiles(manifest).reduce((a, f) => a + f.bytes, 0),
    firstTrain: first ? first.images.bytes + first.labels.bytes : 0,
    presets: Object.fromEntries(Object.entries(presets).map(([name, p]) => [name, bytesFor(manifest, p.trainSize, p.testSize)])),
  };
}
