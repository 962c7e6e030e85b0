/**
 * The PyTorch project of an experiment, or of a degradation race, as one download: the same files `npm run export`
 * writes (the Python sources the site serves under /export/pytorch/, experiment.json and README.md from core), in an
 * uncompressed tar archive.
 */
import { buildExperiment, type ExportRequest } from '../core/export/experiment.ts';
import { raceExport, raceFolderName } from '../core/export/from-race.ts';
import { raceReadme } from '../core/export/race-readme.ts';
import { EXPORT_FILES, exportReadme } from '../core/export/readme.ts';
import type { DegradationSettings } from '../core/labs/degradation-settings.ts';
import { writeTar } from '../lib/data/tar.ts';

/** A tar of the Python sources plus experiment.json and README.md, every file under `folder`. */
async function projectTar(folder: string, experiment: unknown, readme: string, baseUrl: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const enc = new TextEncoder();
  const sources = await Promise.all(EXPORT_FILES.map(async (f) => {
    const res = await fetch(`${baseUrl}${f}`);
    if (!res.ok) throw new Error(`Could not fetch ${baseUrl}${f} for the export (HTTP ${res.status}); reload the page and try again.`);
    return { name: `${folder}/${f}`, data: new Uint8Array(await res.arrayBuffer()) };
  }));
  const bytes = writeTar([
    ...sources,
    { name: `${folder}/experiment.json`, data: enc.encode(`${JSON.stringify(experiment, null, 1)}\n`) },
    { name: `${folder}/README.md`, data: enc.encode(readme) },
  ]);
  return { bytes, fileName: `${folder}.tar` };
}

/** The archive's bytes and its name, e.g. 'resnet20-paper-30ep-seed1-pytorch.tar' (every file under that folder). */
export async function exportProjectTar(req: ExportRequest, baseUrl = '/export/pytorch/'): Promise<{ bytes: Uint8Array; fileName: string }> {
  const experiment = buildExperiment(req);
  const folder = `${experiment.name}-${req.recipe}-${experiment.recipe.maxEpochs}ep-seed${experiment.seed}-pytorch`;
  return projectTar(folder, experiment, exportReadme(experiment), baseUrl);
}

/** A race's project: e.g. 'race-plain20-plain56-resnet56-16px-w8-250steps-seed1-pytorch.tar', one experiment per net. */
export async function exportRaceTar(settings: DegradationSettings, baseUrl = '/export/pytorch/'): Promise<{ bytes: Uint8Array; fileName: string }> {
  const race = raceExport(settings);
  return projectTar(raceFolderName(settings), race, raceReadme(race), baseUrl);
}
