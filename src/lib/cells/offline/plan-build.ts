// Build time only (OfflineControl.astro's frontmatter): turns the two generated manifests into the
// list of files the offline control stores. Kept apart from plan.ts so the page never bundles the
// manifest validators.
import { manifestFiles, validateManifest } from '../../data/manifest';
import { validateWeightsManifest } from '../../models/weights-manifest';
import { checkPlan, type OfflineFile, type OfflinePlan } from './plan';

/** A manifest file as read from disk: its text, and the size and SHA-256 of its bytes. */
export interface ManifestSource {
  text: string;
  bytes: number;
  sha256: string;
}

/**
 * Every file the course fetches from `data/`: the MNIST manifest and all its shards (both splits),
 * then, when `models` is given, the reference weights' manifest and each model's weights. Both
 * manifests are validated as their loaders validate them; anything off throws (a build error).
 */
export function buildPlan(mnist: ManifestSource, models: ManifestSource | null): OfflinePlan {
  const files: OfflineFile[] = [{ path: 'data/mnist/manifest.json', bytes: mnist.bytes, sha256: mnist.sha256, group: 'data' }];
  for (const f of manifestFiles(validateManifest(JSON.parse(mnist.text)))) {
    files.push({ path: `data/mnist/${f.name}`, bytes: f.bytes, sha256: f.sha256, group: 'data', alt: { bytes: f.rawBytes, sha256: f.rawSha256 } });
  }
  if (models) {
    files.push({ path: 'data/models/manifest.json', bytes: models.bytes, sha256: models.sha256, group: 'models' });
    const manifest = validateWeightsManifest(JSON.parse(models.text));
    for (const entry of Object.values(manifest.models)) {
      files.push({ path: `data/models/${entry.file}`, bytes: entry.bytes, sha256: entry.sha256, group: 'models' });
    }
  }
  return checkPlan({ files });
}
