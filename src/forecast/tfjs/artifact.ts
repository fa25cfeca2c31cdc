/**
 * tfjs networks to and from bytes, in memory: topology and weight specs as JSON, weights as one Uint8Array.
 * Nothing touches the file system; where the artifact is stored is the registry's business.
 */
import * as tf from '@tensorflow/tfjs';
import { fail } from '../validate';
// Registers the TCN's custom layers before any topology naming them is deserialised.
import './tcn-layers';

/** A network captured by `saveNetwork`. */
export interface SavedNetwork {
  readonly topology: object;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weights: Uint8Array;
}

/** Captures topology and weights through `tf.io.withSaveHandler`. */
export async function saveNetwork(model: tf.LayersModel): Promise<SavedNetwork> {
  let saved: SavedNetwork | undefined;
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      const data = artifacts.weightData ?? new ArrayBuffer(0);
      saved = {
        topology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs ?? [],
        weights: new Uint8Array(tf.io.CompositeArrayBuffer.join(data)),
      };
      return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) });
    }),
  );
  if (saved === undefined) throw new Error('tfjs save handler was not called');
  return saved;
}

/** Rebuilds a network from `saveNetwork`'s output via `tf.io.fromMemory`. */
export async function loadNetwork(
  topology: unknown,
  weightSpecs: unknown,
  weights: Uint8Array | undefined,
): Promise<tf.LayersModel> {
  if (typeof topology !== 'object' || topology === null)
    fail('state.topology', topology, 'be a tfjs model topology');
  if (!Array.isArray(weightSpecs)) fail('state.weightSpecs', weightSpecs, 'be an array of tfjs weight specs');
  if (!(weights instanceof Uint8Array)) fail('weights', weights, 'be a Uint8Array');
  // Copy into a fresh, exactly sized ArrayBuffer: the view may sit inside a larger (e.g. Buffer pool) one.
  const buffer = weights.slice().buffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: topology,
      weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: buffer,
    }),
  );
}
