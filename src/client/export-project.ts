/**
 * The PyTorch project of an experiment as one download: the same files `npm run export` writes (the Python sources the
 * site serves under /export/pytorch/, experiment.json and README.md from core), in an uncompressed tar archive.
 */
import { buildExperiment, type ExportRequest } from '../core/export/experiment.ts';
import { EXPORT_FILES, exportReadme } from '../core/export/readme.ts';
import { writeTar } from '../lib/data/tar.ts';

/** The archive's bytes and its name, e.g. 'resnet20-paper-30ep-seed1-pytorch.tar' (every file under that folder). */
export async function exportProjectTar(req: ExportRequest, baseUrl = '/export/pytorch/'): Promise<{ bytes: Uint8Array; fileName: string }> {
  const experiment = buildExperiment(req);
  const folder = `${experiment.name}-${req.recipe}-${experiment.recipe.maxEpochs}ep-seed${experiment.seed}-pytorch`;
  const enc = new TextEncoder();
  const sources = await Promise.all(EXPORT_FILES.map(async (f) => {
    const res = await fetch(`${baseUrl}${f}`);
    if (!res.ok) throw new Error(`Could not fetch ${baseUrl}${f} for the export (HTTP ${res.status}); reload the page and try again.`);
    return { name: `${folder}/${f}`, data: new Uint8Array(await res.arrayBuffer()) };
  }));
  const bytes = writeTar([
    ...sources,
    { name: `${folder}/experiment.json`, data: enc.encode(`${JSON.stringify(experiment, null, 1)}\n`) },
    { name: `${folder}/README.md`, data: enc.encode(exportReadme(experiment)) },
  ]);
  return { bytes, fileName: `${folder}.tar` };
}
