// Loads the reference models the site ships: manifest, then the model's float16 file,
// verified (size, SHA-256) like the MNIST shards, expanded to float32 and put into a fresh model.
import * as tf from '@tensorflow/tfjs';
import { sha256Hex } from '../data/bytes';
import { retryFresh, type FetchLike } from '../data/download';
import { MnistDataError } from '../data/errors';
import { createModel } from './index';
import { decodeWeights, type NamedValues } from './weights-file';
import { validateWeightsManifest, WeightsError, type ReferenceKind, type WeightsEntry, type WeightsManifest } from './weights-manifest';

/** Where the weights are and how to fetch them. */
export interface ReferenceSource {
  /** Absolute URL of the folder holding manifest.json. */
  baseUrl: string;
  fetch?: FetchLike;
  signal?: AbortSignal;
}

async function getBytes(source: ReferenceSource, file: string, reload: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const fetchFn = source.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
  let response: Response;
  try {
    response = await fetchFn(new URL(file, source.baseUrl).href, { ...(source.signal ? { signal: source.signal } : {}), ...(reload ? { cache: 'reload' as const } : {}) });
  } catch (cause) {
    if (source.signal?.aborted) throw cause;
    throw new WeightsError(file, `download failed (${String(cause)})`, { cause });
  }
  if (!response.ok) throw new WeightsError(file, `HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches and validates manifest.json. */
export async function fetchWeightsManifest(source: ReferenceSource, reload = false): Promise<WeightsManifest> {
  const bytes = await getBytes(source, 'manifest.json', reload);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new WeightsError('manifest.json', 'not valid JSON');
  }
  return validateWeightsManifest(json);
}

/** Fetches one model's file and checks its size and SHA-256 against the manifest. */
async function fetchVerified(source: ReferenceSource, entry: WeightsEntry, reload: boolean): Promise<NamedValues[]> {
  const bytes = await getBytes(source, entry.file, reload);
  if (bytes.length !== entry.bytes) {
    throw new WeightsError(entry.file, `received ${bytes.length} bytes, expected ${entry.bytes} (${bytes.length < entry.bytes ? 'truncated' : 'too long'})`);
  }
  let digest: string;
  try {
    digest = await sha256Hex(bytes, entry.file);
  } catch (error) {
    throw new WeightsError(entry.file, error instanceof MnistDataError ? error.message : String(error));
  }
  if (digest !== entry.sha256) throw new WeightsError(entry.file, `SHA-256 mismatch: expected ${entry.sha256}, got ${digest}`);
  return decodeWeights(entry.specs, bytes, entry.file);
}

/** The verified float32 weights of one reference model (a second, uncached try after a failure, as for the shards). */
export function fetchReferenceWeights(kind: ReferenceKind, source: ReferenceSource): Promise<{ entry: WeightsEntry; weights: NamedValues[] }> {
  return retryFresh(source.signal, async (reload) => {
    try {
      const manifest = await fetchWeightsManifest(source, reload);
      const entry = manifest.models[kind];
      return { entry, weights: await fetchVerified(source, entry, reload) };
    } catch (error) {
      // retryFresh retries MnistDataErrors only: present ours as one for the second try.
      if (error instanceof WeightsError) throw Object.assign(new MnistDataError(error.file, error.message), { weights: error });
      throw error;
    }
  }).catch((error: unknown) => {
    const original = (error as { weights?: WeightsError } | null)?.weights;
    throw original ?? error;
  });
}

/** A fresh model of `kind` holding `weights` (matched by position, checked by role and shape); the caller disposes it. */
export function buildReferenceModel(kind: ReferenceKind, weights: NamedValues[], file = `${kind} weights`): tf.LayersModel {
  const model = createModel(kind, 42);
  const describe = (name: string, shape: readonly (number | null)[]) => `${name.split('/').at(-1)}[${shape.join('x')}]`;
  const ours = model.weights.map((w) => describe(w.originalName, w.shape));
  const theirs = weights.map((w) => describe(w.name, w.shape));
  if (ours.join(' ') !== theirs.join(' ')) {
    model.dispose();
    throw new WeightsError(file, `tensors [${theirs.join(', ')}] do not fit the ${kind.toUpperCase()} [${ours.join(', ')}]`);
  }
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors); // setWeights copies into the model's variables
  }
  return model;
}
