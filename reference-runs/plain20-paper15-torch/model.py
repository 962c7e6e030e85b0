"""The site's plain/residual CIFAR network (src/core/model) in PyTorch, built from the block plan in experiment.json,
with the site's state-dict layout (stem.0, stem.1, body.{i}.c1/b1/c2/b2, body.{i}.proj.0/1, fc), the site's seeded
initialisation (src/lib/model/init.ts: the same numbers for the same seed) and safetensors in and out."""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from site_rng import Rng


class Block(nn.Module):
    """conv3x3(stride) -> BN -> ReLU -> conv3x3 -> BN (+ shortcut) -> ReLU."""

    def __init__(self, plan, bn):
        super().__init__()
        cin, cout, stride = plan['inChannels'], plan['outChannels'], plan['stride']
        self.shortcut = plan['shortcut']
        self.stride = stride
        self.extra = cout - cin
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout, **bn)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout, **bn)
        if self.shortcut == 'projection':
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout, **bn))
        elif self.shortcut not in ('none', 'identity', 'zeropad'):
            raise ValueError(f"Unknown shortcut '{self.shortcut}' in the block plan.")

    def forward(self, x):
        f = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        if self.shortcut == 'none':
            return F.relu(f)
        if self.shortcut == 'identity':
            s = x
        elif self.shortcut == 'projection':
            s = self.proj(x)
        else:
            # Option A as the site does it: the even rows and columns (x[:, :, ::2, ::2]), zeros appended as the last
            # channels (src/lib/model/layers.ts zeroPadShortcut).
            s = x[:, :, ::self.stride, ::self.stride]
            if self.extra > 0:
                s = F.pad(s, (0, 0, 0, 0, 0, self.extra))
        return F.relu(f + s)


class Net(nn.Module):
    """Stem (3x3 conv, BN, ReLU), the blocks of the plan, global average pool, linear classifier."""

    def __init__(self, experiment):
        super().__init__()
        config, plan = experiment['config'], experiment['plan']
        if config['bnInference'] != 'running':
            raise ValueError("This export evaluates with BatchNorm's running statistics only (bnInference 'running').")
        bn = {'eps': experiment['batchNorm']['eps'], 'momentum': experiment['batchNorm']['momentum']}
        stem = plan['stem']
        self.stem = nn.Sequential(
            nn.Conv2d(stem['inChannels'], stem['outChannels'], 3, 1, 1, bias=stem['bias']),
            nn.BatchNorm2d(stem['outChannels'], **bn), nn.ReLU(inplace=True))
        self.body = nn.Sequential(*[Block(b, bn) for b in plan['blocks']])
        self.fc = nn.Linear(plan['fc']['inFeatures'], plan['fc']['outFeatures'])

    def forward(self, x):
        h = self.body(self.stem(x))
        return self.fc(h.mean(dim=(2, 3)))


def check_layout(model, experiment):
    """Raises unless the state dict has exactly the site's keys and shapes (experiment['tensors'])."""
    got = {k: list(v.shape) for k, v in model.state_dict().items() if not k.endswith('num_batches_tracked')}
    want = {t['torchKey']: list(t['torchShape']) for t in experiment['tensors']}
    if got != want:
        missing = sorted(set(want) - set(got))[:3]
        extra = sorted(set(got) - set(want))[:3]
        shapes = [k for k in want if k in got and got[k] != want[k]][:3]
        raise RuntimeError(f'The model does not match the site layout: missing {missing}, extra {extra}, shapes differ {shapes}.')


def to_torch_layout(spec, values):
    """Site layout (conv [kh,kw,in,out], dense [in,out]) -> PyTorch's ([out,in,kh,kw], [out,in])."""
    a = np.asarray(values, dtype=np.float32).reshape(spec['shape'])
    if spec['layout'] == 'conv':
        return a.transpose(3, 2, 0, 1)
    if spec['layout'] == 'dense':
        return a.T
    return a


def site_initial_values(spec, seed):
    """src/lib/model/init.ts: Kaiming normal (fan_out, ReLU gain) for convs, U(+-1/sqrt(fan_in)) for the rest; each
    tensor from Rng.fromSeed(seed).fork(id), so it depends only on (seed, id)."""
    size = math.prod(spec['shape'])
    role = spec['role']
    if role in ('gamma', 'running_var'):
        return np.ones(size, dtype=np.float32)
    if role in ('beta', 'running_mean'):
        return np.zeros(size, dtype=np.float32)
    rng = Rng.from_seed(seed).fork(spec['id'])
    nxt = rng.next
    out = np.empty(size, dtype=np.float64)
    if spec['layout'] == 'conv':
        std = math.sqrt(2 / spec['fanOut'])
        log, cos, sqrt, two_pi = math.log, math.cos, math.sqrt, 2 * math.pi
        for i in range(size):
            u = nxt()
            while u == 0:
                u = nxt()
            out[i] = sqrt(-2 * log(u)) * cos(two_pi * nxt()) * std
    else:
        bound = 1 / math.sqrt(spec['fanIn'])
        for i in range(size):
            out[i] = (nxt() * 2 - 1) * bound
    return out.astype(np.float32)


@torch.no_grad()
def init_like_site(model, experiment):
    """Sets every parameter and BN statistic to the site's initial value for the experiment's model seed."""
    state = model.state_dict()
    seed = experiment['config']['seed']
    for spec in experiment['tensors']:
        state[spec['torchKey']].copy_(torch.from_numpy(to_torch_layout(spec, site_initial_values(spec, seed))))


def state_arrays(model, experiment):
    """The site's tensors as float32 numpy arrays in PyTorch layout, by key (no num_batches_tracked)."""
    state = model.state_dict()
    return {t['torchKey']: state[t['torchKey']].detach().to('cpu', torch.float32).numpy() for t in experiment['tensors']}


def write_safetensors(path, arrays, metadata=None):
    """safetensors: 8-byte little-endian header length, JSON header (8-byte aligned), raw little-endian float32.
    Written to path.partial, then renamed, so a reader never sees half a file."""
    header = {'__metadata__': {k: str(v) for k, v in metadata.items()}} if metadata else {}
    offset = 0
    names = sorted(arrays)
    for name in names:
        n = arrays[name].size * 4
        header[name] = {'dtype': 'F32', 'shape': list(arrays[name].shape), 'data_offsets': [offset, offset + n]}
        offset += n
    head = json.dumps(header, separators=(',', ':')).encode('utf-8')
    head += b' ' * ((8 - (8 + len(head)) % 8) % 8)
    tmp = f'{path}.partial'
    with open(tmp, 'wb') as f:
        f.write(struct.pack('<Q', len(head)))
        f.write(head)
        for name in names:
            f.write(np.ascontiguousarray(arrays[name], dtype='<f4').tobytes())
    os.replace(tmp, path)


def read_safetensors(path):
    """The float tensors of a safetensors file as numpy arrays (F32, F64, F16)."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    dtypes = {'F32': '<f4', 'F64': '<f8', 'F16': '<f2'}
    out = {}
    for name, e in header.items():
        if name == '__metadata__':
            continue
        if e['dtype'] not in dtypes:
            raise ValueError(f"{path}: tensor '{name}' has dtype {e['dtype']}; only F32, F64 and F16 load here.")
        begin, end = e['data_offsets']
        out[name] = np.frombuffer(body[begin:end], dtype=dtypes[e['dtype']]).astype(np.float32).reshape(e['shape'])
    return out


@torch.no_grad()
def load_site_weights(model, path):
    """Loads weights the site (or this project) wrote: weights.safetensors in the site's layout."""
    arrays = read_safetensors(path)
    state = model.state_dict()
    want = {k for k in state if not k.endswith('num_batches_tracked')}
    if set(arrays) - {k for k in arrays if k.endswith('num_batches_tracked')} != want:
        raise ValueError(f'{path} does not hold this model: keys differ ({sorted(set(arrays) ^ want)[:3]}).')
    for k in want:
        state[k].copy_(torch.from_numpy(arrays[k]))
