"""What a run writes and reads besides the loop: the experiments to train (one, or a race's nets), distributed set-up,
checkpoints (atomic), curves.json in the site's format (what `npm run train` writes), the weights in the site's
layout, and the tutorial's log line."""
import json
import os
import socket
from datetime import timedelta

import torch
import torch.distributed as dist

from model import state_arrays, write_safetensors

EXPERIMENT_FORMAT = 'resnet-lab-pytorch-experiment'
RACE_FORMAT = 'resnet-lab-pytorch-race'


class Dist:
    """One process (python train.py) or one rank of torchrun: NCCL on GPUs, gloo on CPUs."""

    def __init__(self, cpu=False):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        local = int(os.environ.get('LOCAL_RANK', '0'))
        cuda = torch.cuda.is_available() and not cpu
        self.device = torch.device(f'cuda:{local}' if cuda else 'cpu')
        if cuda:
            torch.cuda.set_device(self.device)
        self.backend = ('nccl' if cuda else 'gloo') if self.world > 1 else None
        if self.world > 1:
            if self.backend == 'gloo':
                _gloo_over_loopback(self.world)
            # A rank that never joins fails the others after this long instead of leaving them waiting (default 30 min).
            timeout = timedelta(seconds=float(os.environ.get('RESNET_LAB_DIST_TIMEOUT', '1800')))
            dist.init_process_group(self.backend, timeout=timeout)

    @property
    def main(self):
        return self.rank == 0

    def share(self, n):
        """This rank's contiguous slice of n items (sizes differ by at most one)."""
        return slice(self.rank * n // self.world, (self.rank + 1) * n // self.world)

    def sum(self, values):
        """Element-wise sum over ranks of a list of floats (the list itself with one process)."""
        if self.world == 1:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        dist.all_reduce(t)
        return t.tolist()

    def close(self):
        if self.world > 1:
            dist.destroy_process_group()


def _gloo_over_loopback(world):
    """All ranks on this machine (torchrun --nproc_per_node=N, one node): gloo talks over the loopback interface.

    Left to itself gloo binds to the address the machine's hostname resolves to, which in containers and sandboxes may
    be an address that cannot reach itself, so the ranks wait for each other forever. GLOO_SOCKET_IFNAME, when set,
    is kept; on several machines nothing is changed.
    """
    if 'GLOO_SOCKET_IFNAME' in os.environ or int(os.environ.get('LOCAL_WORLD_SIZE', '0')) != world:
        return
    names = [name for _, name in socket.if_nameindex()]
    loopback = next((n for n in ('lo', 'lo0') if n in names), None)
    if loopback is not None:
        os.environ['GLOO_SOCKET_IFNAME'] = loopback


def log_line(epoch1, batch, running_loss, accuracy):
    """The tutorial's line, as src/lib/train/state.ts logLine writes it."""
    return f'[epoch {epoch1}, batch {batch}]: running train cross entropy: {running_loss:.3f} | validation accuracy: {accuracy:.3f}'


def _atomic_json(path, value):
    with open(path + '.partial', 'w') as f:
        json.dump(value, f, indent=1)
    os.replace(path + '.partial', path)


def save_checkpoint(path, model, optimizer, progress, curves, experiment):
    torch.save({'format': 'resnet-lab-pytorch-checkpoint', 'version': 1, 'experiment': experiment,
                'model': model.state_dict(), 'optimizer': optimizer.state_dict(),
                'progress': progress, 'curves': curves}, path + '.partial')
    os.replace(path + '.partial', path)


def load_checkpoint(path, experiment, device):
    try:
        ckpt = torch.load(path, map_location=device)
    except FileNotFoundError:
        raise SystemExit(f'No checkpoint at {path} to resume from. Start without --resume, or give the path of checkpoint.pt.')
    if not isinstance(ckpt, dict) or ckpt.get('format') != 'resnet-lab-pytorch-checkpoint':
        raise SystemExit(f'{path} is not a checkpoint written by this train.py.')
    for key in ('config', 'recipe', 'seed', 'data'):
        if json.dumps(ckpt['experiment'][key], sort_keys=True) != json.dumps(experiment[key], sort_keys=True):
            raise SystemExit(f'{path} belongs to a different experiment ({key} differs from experiment.json); resume it with its own project.')
    return ckpt


def write_outputs(out, model, experiment, progress, curves, info, reason, final):
    """curves.json (the fields scripts/train.ts writes, plus PyTorch's) and weights.safetensors (unless diverged)."""
    val = curves['val']
    summary = {
        'model': experiment['name'], 'config': experiment['config'], 'recipe': experiment['recipe'],
        'seed': experiment['seed'], 'backend': info['backend'], 'reason': reason, 'steps': progress['step'],
        'train_images': experiment['data']['train'], 'val_images': experiment['data']['val'],
        'seconds': progress['elapsedSeconds'], 'final_val_acc': val[-1]['accuracy'] if val else None,
        'curves': curves, 'framework': info['framework'], 'world_size': info['world_size'],
        'global_batch': experiment['recipe']['batchSize'], 'finished': final,
    }
    if 'test_acc' in info:
        summary['test_acc'] = info['test_acc']
    if experiment.get('net') is not None:
        # A race's net: its label lets the race page draw the overlay as that net's run.
        summary['net'] = experiment['net']
    if 'end_error' in info:
        summary['end_error'] = info['end_error']
    _atomic_json(os.path.join(out, 'curves.json'), summary)
    if reason != 'diverged':
        # The configuration as JSON lets the site tell nets with the same keys apart (plain vs option A, custom skips).
        meta = {'model': experiment['name'], 'config': json.dumps(experiment['config'], separators=(',', ':')),
                'recipe': experiment['recipe']['name'], 'steps': progress['step']}
        write_safetensors(os.path.join(out, 'weights.safetensors'), state_arrays(model, experiment), meta)


def check_experiment(exp, where):
    if exp.get('format') != EXPERIMENT_FORMAT or exp.get('version') not in (1, 2):
        raise SystemExit(f"{where} is not an experiment this train.py reads (format {exp.get('format')!r}, version {exp.get('version')!r}); "
                         'export the project again with ResNet Lab.')
    return exp


def experiments_of(a, doc):
    """[(experiment, output folder)] to train from experiment.json (`doc`) and train.py's options `a`: the one
    experiment, or the race's nets (all, or --net)."""
    if doc.get('format') == RACE_FORMAT:
        nets = [check_experiment(e, f'{a.experiment} net {i}') for i, e in enumerate(doc['nets'])]
        if a.net is not None:
            want = a.net.lower()
            nets = [e for e in nets if want in (e['net']['slug'].lower(), e['net']['label'].lower())]
            if not nets:
                names = ', '.join(e['net']['slug'] for e in doc['nets'])
                raise SystemExit(f'--net {a.net}: this race has no such net; its nets are {names}.')
        if a.resume and len(nets) > 1:
            raise SystemExit('--resume PATH names one checkpoint: add --net NAME, or give --resume alone (each net resumes from OUT/<net>/checkpoint.pt).')
        return [(e, os.path.join(a.out, e['net']['slug'])) for e in nets]
    if a.net is not None:
        raise SystemExit(f'--net {a.net}: {a.experiment} is a single experiment, not a race; leave --net out.')
    return [(check_experiment(doc, a.experiment), a.out)]
