/**
 * Recorded measurements the "why it works" labs quote: `npx node scripts/labs/why-labs.ts 2000 4 0` on the reference
 * nets (src/core/labs/lab-nets.ts), the site's own library on the WASM backend, 2026-11-30: Figure 7's response std per
 * 3x3 layer over the first 2,000 test images, and the lesion study (intact, each single deletion, 4 seeded random draws
 * per number of deleted blocks) on the same images. Accuracies are fractions; blocks are 0-based global indices.
 * The pages' live runs compute the same numbers in the reader's browser.
 */
import { planBlocks } from '../model/architecture.ts';
import { presetConfig } from '../model/config.ts';
import { responseLayerIds } from '../model/naming.ts';
import { labNet } from './lab-nets.ts';

export const WHY_RECORD = {"images":2000,"draws":4,"seed":0,"nets":{"resnet20_sgd30":{"stds":[1.0899,0.8931,0.9456,0.7869,0.7322,0.8366,0.8305,0.8083,0.9406,0.7381,0.6,0.6148,0.559,0.7415,0.9346,0.7454,0.7895,0.689,1.058],"intact":0.8875,"singles":[{"block":0,"accuracy":0.4695},{"block":1,"accuracy":0.772},{"block":2,"accuracy":0.639},{"block":3,"accuracy":0.2535},{"block":4,"accuracy":0.805},{"block":5,"accuracy":0.854},{"block":6,"accuracy":0.3105},{"block":7,"accuracy":0.7175},{"block":8,"accuracy":0.7495}],"curve":[{"k":1,"mean":0.624,"min":0.2535,"max":0.854},{"k":2,"mean":0.6051,"min":0.4475,"max":0.7155},{"k":3,"mean":0.1744,"min":0.127,"max":0.249},{"k":4,"mean":0.1435,"min":0.121,"max":0.1705},{"k":5,"mean":0.1385,"min":0.106,"max":0.186},{"k":6,"mean":0.1123,"min":0.0995,"max":0.134},{"k":7,"mean":0.1561,"min":0.114,"max":0.192},{"k":8,"mean":0.1419,"min":0.099,"max":0.18},{"k":9,"mean":0.1135,"min":0.1135,"max":0.1135}]},"plain20_sgd15":{"stds":[1.0743,1.0488,0.9668,0.8993,0.9147,0.8938,0.8701,0.835,0.8535,0.8471,0.8221,0.8063,0.83,0.8062,0.8173,0.8147,0.8143,0.8292,0.9947],"intact":0.785,"singles":[{"block":0,"accuracy":0.1425},{"block":1,"accuracy":0.093},{"block":2,"accuracy":0.1215},{"block":4,"accuracy":0.139},{"block":5,"accuracy":0.1075},{"block":7,"accuracy":0.104},{"block":8,"accuracy":0.069}],"curve":[{"k":1,"mean":0.0977,"min":0.069,"max":0.1215},{"k":2,"mean":0.1045,"min":0.101,"max":0.1065},{"k":3,"mean":0.1021,"min":0.08,"max":0.127},{"k":4,"mean":0.0956,"min":0.085,"max":0.0995},{"k":5,"mean":0.105,"min":0.088,"max":0.1175},{"k":6,"mean":0.1083,"min":0.098,"max":0.1125},{"k":7,"mean":0.1265,"min":0.1265,"max":0.1265}]}}} as const;

/**
 * Timings of the pages' default runs (recorded in BENCHMARKS.md, "Why-it-works labs"): Chromium on the project's 2-core
 * machine without a GPU, WASM backend, while other developers' work loaded it (load average about 20): first picture
 * and full result, in seconds from the start of the run.
 */
export const WHY_RECORD_TIMES = { responsesFirstSeconds: 10.1, responsesFullSeconds: 56, lesionFirstSeconds: 15.3, lesionFullSeconds: 397, loadAverage: 21 } as const;

type RecordedNet = (typeof WHY_RECORD.nets)[keyof typeof WHY_RECORD.nets];

/** The recorded results of a net of src/core/labs/lab-nets.ts; throws naming the recorded ones. */
export function recordedNet(key: string): RecordedNet {
  const net = (WHY_RECORD.nets as Record<string, RecordedNet>)[key];
  if (!net) throw new Error(`No recorded results for '${key}' (have: ${Object.keys(WHY_RECORD.nets).join(', ')}).`);
  return net;
}

/** How many 3x3 layers Figure 7 measured in the net (19 for a 20-layer net). */
export function responseLayers(key: string): number {
  return recordedNet(key).stds.length;
}

/** Mean over the layers of the response std. */
export function meanResponseStd(key: string): number {
  const s = recordedNet(key).stds;
  return s.reduce((a, b) => a + b, 0) / s.length;
}

/** At how many layers net a's response std is below net b's (same depth). */
export function smallerLayers(a: string, b: string): number {
  const sb = recordedNet(b).stds;
  return recordedNet(a).stds.filter((v, i) => v < sb[i]!).length;
}

/** How many blocks the net let the lesion study delete. */
export function deletableCount(key: string): number {
  return recordedNet(key).singles.length;
}

/** Intact accuracy; the mean, worst and least drop over single deletions (fractions, not points), blocks 1-based; mean and worst accuracy. */
export function lesionSummary(key: string): { intact: number; meanDrop: number; worstDrop: number; worstBlock: number; leastDrop: number; leastBlock: number; meanAccuracy: number; worstAccuracy: number } {
  const net = recordedNet(key);
  const accs = net.singles.map((s) => s.accuracy);
  const worst = net.singles.reduce((w, s) => (s.accuracy < w.accuracy ? s : w));
  const least = net.singles.reduce((w, s) => (s.accuracy > w.accuracy ? s : w));
  const meanAccuracy = accs.reduce((a, b) => a + b, 0) / accs.length;
  return {
    intact: net.intact, meanDrop: net.intact - meanAccuracy, worstDrop: net.intact - worst.accuracy, worstBlock: worst.block + 1,
    leastDrop: net.intact - least.accuracy, leastBlock: least.block + 1, meanAccuracy, worstAccuracy: worst.accuracy,
  };
}

/** Mean accuracy over the random draws with k blocks deleted. */
export function randomMean(key: string, k: number): number {
  const point = recordedNet(key).curve.find((c) => c.k === k);
  if (!point) throw new Error(`No recorded draws of ${k} deleted blocks for '${key}'.`);
  return point.mean;
}

/** The layers (1-based, with their ids) where net a's response std is not below net b's. */
export function largerLayers(a: string, b: string): { layer: number; id: string }[] {
  const ids = responseLayerIds(planBlocks(presetConfig(labNet(a).preset)).map((p) => p.id));
  const sb = recordedNet(b).stds;
  return recordedNet(a).stds.flatMap((v, i) => (v >= sb[i]! ? [{ layer: i + 1, id: ids[i]! }] : []));
}

/** "1 (stem.bn), 9 (stage2.block0.bn2) and 19 (stage3.block2.bn2)": largerLayers as prose. */
export function layerList(layers: readonly { layer: number; id: string }[]): string {
  const items = layers.map((l) => `${l.layer} (${l.id})`);
  return items.length < 2 ? (items[0] ?? 'none') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Accuracy with block `block` (1-based) deleted on its own. */
export function singleAccuracy(key: string, block: number): number {
  const s = recordedNet(key).singles.find((x) => x.block === block - 1);
  if (!s) throw new Error(`No recorded single deletion of block ${block} for '${key}'.`);
  return s.accuracy;
}

/** Single deletions grouped by whether the block changes the feature map's shape (stride 2): lowest and highest accuracy of each group. */
export function singlesByShape(key: string): Record<'keeps' | 'changes', { worst: number; best: number } | null> {
  const plan = planBlocks(presetConfig(labNet(key).preset));
  const group = (changes: boolean) => {
    const accs = recordedNet(key).singles.filter((s) => (plan[s.block]!.stride === 2) === changes).map((s) => s.accuracy);
    return accs.length === 0 ? null : { worst: Math.min(...accs), best: Math.max(...accs) };
  };
  return { keeps: group(false), changes: group(true) };
}
