/**
 * The site's ready-trained models (src/data/models.json; the files are in public/models/): what each one is, who
 * trained it and how, so every page that offers a model can say whether this site trained it or PyTorch did.
 * `scripts/publish-model.ts` writes the entries of the models this project trained with `npm run train`.
 */

export type TrainedBy = 'resnet-lab' | 'pytorch';

export interface PublishedModel {
  /** File stem in public/models/, e.g. 'resnet20_sgd30'. */
  readonly id: string;
  /** Short name for menus, e.g. 'ResNet-20'. */
  readonly label: string;
  /** A core preset name (presetConfig), e.g. 'resnet20', 'plain56'. */
  readonly preset: string;
  readonly trainedBy: TrainedBy;
  /** The framework and its version, e.g. 'PyTorch 2.11.0+cu130' or 'ResNet Lab (TensorFlow.js WASM, own kernels)'. */
  readonly framework: string;
  /** Recipe in words, e.g. "the paper's SGD schedule scaled to 30 epochs". */
  readonly recipe: string;
  readonly epochs: number;
  /** The run's seed, or null where the trainer did not record one. */
  readonly seed: number | null;
  /** Command lines that trained it, in order (a resumed run has several). */
  readonly commands: readonly string[];
  /** Commit(s) of this repository that trained it, or [] for runs made elsewhere. */
  readonly commits: readonly string[];
  readonly machine: string;
  /** Training wall time in seconds (validation included). */
  readonly trainingSeconds: number;
  /** Accuracy on the 5,000 held-out training images after the last epoch. */
  readonly finalValAccuracy: number;
  /** Accuracy on the 10,000 test images, and how it was measured. */
  readonly testAccuracy: number;
  readonly testHow: string;
  /** URL of the weights (PyTorch layout safetensors) and of the per-epoch curves. */
  readonly weights: string;
  readonly curves: string;
}

export interface ModelsManifest {
  readonly format: 'resnet-lab-models';
  readonly models: readonly PublishedModel[];
}

const STRING_FIELDS = ['id', 'label', 'preset', 'framework', 'recipe', 'machine', 'testHow', 'weights', 'curves'] as const;
const NUMBER_FIELDS = ['epochs', 'trainingSeconds', 'finalValAccuracy', 'testAccuracy'] as const;

/** The manifest, checked field by field; throws naming the entry and the field that is wrong. */
export function checkManifest(raw: unknown): ModelsManifest {
  const m = raw as Partial<ModelsManifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== 'resnet-lab-models' || !Array.isArray(m.models)) {
    throw new Error('Not a models manifest: expected {"format": "resnet-lab-models", "models": [...]}.');
  }
  const ids = new Set<string>();
  m.models.forEach((e, i) => {
    const where = `models[${i}]${typeof e?.id === 'string' ? ` (${e.id})` : ''}`;
    for (const f of STRING_FIELDS) if (typeof e[f] !== 'string' || e[f] === '') throw new Error(`${where}: "${f}" must be a non-empty string.`);
    for (const f of NUMBER_FIELDS) if (typeof e[f] !== 'number' || !Number.isFinite(e[f])) throw new Error(`${where}: "${f}" must be a number.`);
    for (const f of ['finalValAccuracy', 'testAccuracy'] as const) if (e[f] < 0 || e[f] > 1) throw new Error(`${where}: "${f}" must be a fraction in [0, 1].`);
    if (e.trainedBy !== 'resnet-lab' && e.trainedBy !== 'pytorch') throw new Error(`${where}: "trainedBy" must be "resnet-lab" or "pytorch".`);
    if (e.seed !== null && !Number.isInteger(e.seed)) throw new Error(`${where}: "seed" must be an integer or null.`);
    if (!Array.isArray(e.commands) || !Array.isArray(e.commits)) throw new Error(`${where}: "commands" and "commits" must be lists.`);
    if (ids.has(e.id)) throw new Error(`${where}: the id "${e.id}" appears twice.`);
    ids.add(e.id);
  });
  return m as ModelsManifest;
}

/** The model with this id; throws listing the ids there are. */
export function publishedModel(manifest: ModelsManifest, id: string): PublishedModel {
  const found = manifest.models.find((e) => e.id === id);
  if (!found) throw new Error(`No published model "${id}" (have: ${manifest.models.map((e) => e.id).join(', ')}).`);
  return found;
}

/** "trained by this site" or "trained with PyTorch": the provenance phrase every page uses. */
export function provenance(e: PublishedModel): string {
  return e.trainedBy === 'resnet-lab'
    ? `trained by this site's own engine (${e.framework}) with npm run train, ${e.epochs} epochs`
    : `trained with ${e.framework} on ${e.machine}, ${e.epochs} epochs`;
}

/**
 * The PyTorch reference run (src/data/reference_runs.json) a model this site trained is set beside: the run of the same
 * preset and epochs with the paper's SGD recipe, e.g. 'resnet20' for 30 epochs -> 'resnet20_sgd30'.
 */
export function pytorchTwin(e: Pick<PublishedModel, 'preset' | 'epochs'>): string {
  return `${e.preset}_sgd${e.epochs}`;
}

/** The same model, published with a new entry replacing any of the same id (kept in id order for stable diffs). */
export function withModel(manifest: ModelsManifest, entry: PublishedModel): ModelsManifest {
  const models = [...manifest.models.filter((e) => e.id !== entry.id), entry].sort((a, b) => a.id.localeCompare(b.id));
  return checkManifest({ format: manifest.format, models });
}

/** The models the evaluation figure offers: every published model, `first` (the chapter's reference) at the top. */
export function evalChoices(m: ModelsManifest, first: string): PublishedModel[] {
  const head = publishedModel(m, first);
  return [head, ...m.models.filter((e) => e.id !== first)];
}

/** How the evaluation figure names a published model: "the ResNet-20 trained with PyTorch on a GPU (30 epochs)". */
export function evalChoiceName(e: PublishedModel): string {
  return `the ${e.label} ${e.trainedBy === 'pytorch' ? 'trained with PyTorch on a GPU' : "trained by this site's own engine"} (${e.epochs} epochs)`;
}
