"""Trains the exported experiment (experiment.json) as the site does: same network and initialisation, same recipe,
same data stream. One process (`python train.py`, CPU or one GPU) or DistributedDataParallel
(`torchrun --nproc_per_node=N train.py`): every rank takes its share of the same global batch, so the global batch
and learning rate stay the recipe's. See README.md."""
import argparse
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from data import Stream, augment, load_archive, load_site_files, normalise, split  # noqa: E402
from model import Net, check_layout, init_like_site  # noqa: E402
from run_io import Dist, load_checkpoint, log_line, save_checkpoint, write_outputs  # noqa: E402

CHECKPOINT_SECONDS = 60


def options():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', help='folder or http(s) URL holding the site\'s CIFAR-10 files (public/data/cifar10, or http://host/data/cifar10/)')
    p.add_argument('--data-archive', help='the official cifar-10-binary.tar.gz instead')
    p.add_argument('--no-verify', action='store_true', help='skip the sha256 check of the site\'s files (your own copy)')
    p.add_argument('--out', default=os.path.join(HERE, 'run'), help='where checkpoint.pt, curves.json and weights.safetensors go')
    p.add_argument('--resume', nargs='?', const='', default=None, help='continue from OUT/checkpoint.pt (or the path given)')
    p.add_argument('--max-steps', type=int, default=None, help='stop after this many updates in all (a smoke test; the schedule stays the recipe\'s)')
    p.add_argument('--no-test', action='store_true', help='skip the test-set accuracy at the end')
    p.add_argument('--cpu', action='store_true', help='train on the CPU even when a GPU is present')
    p.add_argument('--no-sync-bn', action='store_true', help='with several GPUs, keep BatchNorm statistics per rank')
    p.add_argument('--experiment', default=os.path.join(HERE, 'experiment.json'))
    a = p.parse_args()
    if (a.data is None) == (a.data_archive is None):
        p.error('give exactly one of --data DIR_OR_URL and --data-archive cifar-10-binary.tar.gz')
    if a.max_steps is not None and a.max_steps < 0:
        p.error('--max-steps must be >= 0')
    return a


def lr_at(schedule, step):
    """learningRateAt (src/core/train/schedules.ts): MultiStepLR by update count."""
    lr = schedule['lr']
    if schedule['kind'] == 'multistep':
        for m in schedule['milestones']:
            if step >= m:
                lr *= schedule['gamma']
    return lr


def make_optimizer(params, settings):
    if settings['kind'] == 'sgd':
        return torch.optim.SGD(params, lr=0.0, momentum=settings['momentum'], weight_decay=settings['weightDecay'])
    return torch.optim.Adam(params, lr=0.0, betas=(settings['beta1'], settings['beta2']), eps=settings['eps'],
                            weight_decay=settings['weightDecay'])


def batch_tensors(images, labels, idx, mean, std, pad_value, draws, device):
    x = normalise(images[idx], mean, std)
    if draws is not None:
        x = augment(x, *draws, pad_value)
    x = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))).to(device)
    return x, torch.from_numpy(labels[idx].astype(np.int64)).to(device)


@torch.no_grad()
def accuracy(model, images, labels, exp, d):
    """Accuracy with running BN statistics, in the site's chunks of validation_batch_size; chunks spread over ranks."""
    model.eval()
    n, bs = len(labels), exp['validationBatchSize']
    norm = exp['data']['normalisation']
    correct = 0
    for c, start in enumerate(range(0, n, bs)):
        if c % d.world != d.rank:
            continue
        x, y = batch_tensors(images, labels, np.arange(start, min(n, start + bs)), norm['mean'], norm['std'], None, None, d.device)
        correct += int((model(x).argmax(1) == y).sum())
    model.train()
    return d.sum([correct])[0] / n


def new_progress(seed):
    s = Stream(seed)
    return {'step': 0, 'epoch': 0, 'batchInEpoch': 0, 'shuffleState': s.shuffle.state(), 'augmentState': s.augment.state(),
            'earlyStop': {'previous': None, 'counter': 0}, 'runningLossSum': 0.0, 'runningBatches': 0,
            'elapsedSeconds': 0.0, 'ended': None}


def main():
    a = options()
    with open(a.experiment) as f:
        exp = json.load(f)
    d = Dist(cpu=a.cpu)
    torch.manual_seed(exp['seed'])
    recipe, dcfg = exp['recipe'], exp['data']
    norm = dcfg['normalisation']
    pad_value = [-m / s for m, s in zip(norm['mean'], norm['std'])]
    parts = ('train',) if a.no_test else ('train', 'test')
    sets = load_archive(exp, a.data_archive, parts) if a.data_archive else load_site_files(exp, a.data, parts, not a.no_verify, os.path.join(HERE, 'cifar10-cache'))
    images, labels = sets['train']
    tr, va = split(len(labels), exp['seed'], dcfg['limit'])
    if (len(tr), len(va)) != (dcfg['train'], dcfg['val']):
        raise SystemExit(f"experiment.json was exported for {dcfg['train']} + {dcfg['val']} images; this data gives {len(tr)} + {len(va)}.")
    train_x, train_y, val_x, val_y = images[tr], labels[tr], images[va], labels[va]
    n, bs = len(train_y), recipe['batchSize']
    steps_per_epoch, total = exp['stepsPerEpoch'], exp['totalSteps']
    smallest = n % bs or bs
    if smallest < d.world:
        raise SystemExit(f'The last mini-batch of an epoch has {smallest} images, fewer than the {d.world} processes: use fewer.')

    net = Net(exp)
    check_layout(net, exp)
    if d.main:
        init_like_site(net, exp)  # DDP copies rank 0's parameters and buffers to the other ranks.
    net.to(d.device)
    if d.world > 1 and d.device.type == 'cuda' and not a.no_sync_bn:
        net = torch.nn.SyncBatchNorm.convert_sync_batchnorm(net)
    model = DistributedDataParallel(net, device_ids=[d.device.index] if d.device.type == 'cuda' else None) if d.world > 1 else net
    optimizer = make_optimizer(net.parameters(), recipe['optimizer'])

    os.makedirs(a.out, exist_ok=True)
    ckpt_path = os.path.join(a.out, 'checkpoint.pt')
    progress, curves = new_progress(exp['seed']), {'train': [], 'val': [], 'log': []}
    if a.resume is not None:
        ckpt = load_checkpoint(a.resume or ckpt_path, exp, d.device)
        net.load_state_dict(ckpt['model'])
        optimizer.load_state_dict(ckpt['optimizer'])
        progress, curves = ckpt['progress'], ckpt['curves']
        if progress['ended'] in ('completed', 'early-stop'):
            if d.main:
                print(f"This run already ended at step {progress['step']} ({progress['ended']}).")
            return d.close()
        progress['ended'] = None
    info = {'backend': f"pytorch-{d.device.type}", 'world_size': d.world, 'framework': f'pytorch {torch.__version__}'}
    if d.main:
        print(f"Training {exp['name']} ({exp['parameters']:,} parameters), recipe {recipe['name']}, on {n} images (validation {len(val_y)}), "
              f"{total} steps, seed {exp['seed']}; {d.world} process(es) on {d.device.type}"
              f"{' (' + d.backend + ')' if d.backend else ''}: global batch {bs}, {math.ceil(bs / d.world)} or fewer images per process per step, "
              f"learning rate as the recipe's (the global batch is the recipe's).", flush=True)
        if progress['step'] > 0:
            print(f"Resuming at step {progress['step']} (epoch {progress['epoch'] + 1}, batch {progress['batchInEpoch']}).", flush=True)

    stream = Stream(shuffle_state=progress['shuffleState'], augment_state=progress['augmentState'])
    order = stream.shuffle.permutation(n) if progress['batchInEpoch'] > 0 else None
    acc = progress.pop('pending', [0.0, 0.0, 0, 0])  # batch-mean losses, wrong images, images, steps since the last flush
    stop = {'asked': False}
    signal.signal(signal.SIGINT, lambda *_: stop.__setitem__('asked', True))
    last_save = time.monotonic()
    p = progress

    def flush():
        if acc[3] == 0:
            return True
        loss_sum, wrong, images_seen, steps = acc
        acc[:] = [0.0, 0.0, 0, 0]
        if not math.isfinite(loss_sum):
            return False
        p['runningLossSum'] += loss_sum
        p['runningBatches'] += steps
        curves['train'].append({'step': p['step'], 'epoch': p['epoch'] + p['batchInEpoch'] / steps_per_epoch,
                                'loss': loss_sum / steps, 'error': wrong / images_seen})
        return True

    def snapshot():
        # The sums not yet in the curves travel with the checkpoint, so the curves do not depend on when it was saved.
        return dict(p, shuffleState=stream.shuffle.state() if order is None else p['shuffleState'],
                    augmentState=stream.augment.state(), pending=list(acc))

    def save(reason=None, final=False):
        if d.main:
            state = snapshot()
            if reason is not None:
                state['ended'] = reason
            save_checkpoint(ckpt_path, net, optimizer, state, curves, exp)
            write_outputs(a.out, net, exp, state, curves, info, reason, final)

    def end(reason, message):
        if reason != 'diverged':
            flush()
        if d.main:
            print(f'{reason}: {message}', flush=True)
        if reason != 'diverged' and 'test' in sets and reason != 'stopped':
            info['test_acc'] = accuracy(net, *sets['test'], exp, d)
            if d.main:
                print(f"test accuracy: {info['test_acc']:.4f} on {len(sets['test'][1])} images", flush=True)
        if reason == 'diverged':
            if d.main:
                write_outputs(a.out, net, exp, snapshot(), curves, info, reason, True)
        else:
            save(reason, True)
        return reason

    def validate():
        accv = accuracy(net, val_x, val_y, exp, d)
        running = p['runningLossSum'] / p['runningBatches'] if p['runningBatches'] else float('nan')
        line = log_line(p['epoch'] + 1, p['batchInEpoch'], running, accv)
        curves['val'].append({'step': p['step'], 'epoch': p['epoch'] + p['batchInEpoch'] / steps_per_epoch, 'accuracy': accv})
        curves['log'].append(line)
        p['runningLossSum'], p['runningBatches'] = 0.0, 0
        if d.main:
            print(line, flush=True)
        patience = recipe['earlyStopPatience']
        if patience is None:
            return False
        prev = p['earlyStop']['previous']
        counter = 0 if prev is None or accv > prev else p['earlyStop']['counter'] + 1
        p['earlyStop'] = {'previous': accv, 'counter': counter}
        return counter > patience

    diverged = "The training loss became NaN or infinite by step {{}}: the weights are no longer usable."
    t_last = time.monotonic()
    reason = None
    while reason is None:
        if p['step'] >= total:
            reason = end('completed', f"Completed {p['step']} steps.")
            break
        if a.max_steps is not None and p['step'] >= a.max_steps:
            reason = end('stopped', f"Stopped at --max-steps {a.max_steps}; continue with --resume.")
            break
        if order is None:
            p['shuffleState'] = stream.shuffle.state()
            order = stream.shuffle.permutation(n)
        idx = order[p['batchInEpoch'] * bs: min(n, (p['batchInEpoch'] + 1) * bs)]
        lr = lr_at(recipe['schedule'], p['step'])
        draws = stream.draw_augment(len(idx)) if recipe['augment'] else None
        mine = d.share(len(idx))
        x, y = batch_tensors(train_x, train_y, idx[mine], norm['mean'], norm['std'], pad_value,
                             None if draws is None else tuple(v[mine] for v in draws), d.device)
        for group in optimizer.param_groups:
            group['lr'] = lr
        optimizer.zero_grad(set_to_none=True)
        logits = model(x)
        ce_sum = F.cross_entropy(logits, y, reduction='sum')
        # DDP averages gradients over ranks, so this is the gradient of the global batch's mean loss.
        (ce_sum * (d.world / len(idx))).backward()
        optimizer.step()
        due_save = d.main and time.monotonic() - last_save >= CHECKPOINT_SECONDS
        loss_part, wrong, save_flag, stop_flag = d.sum([float(ce_sum) / len(idx), float((logits.argmax(1) != y).sum()), float(due_save), float(stop['asked'])])
        acc[0] += loss_part
        acc[1] += wrong
        acc[2] += len(idx)
        acc[3] += 1
        now = time.monotonic()
        p['elapsedSeconds'] += now - t_last
        t_last = now
        p['step'] += 1
        p['batchInEpoch'] += 1
        if p['step'] % exp['logEvery'] == 0:
            if not flush():
                reason = end('diverged', diverged.format(p['step']))
                break
            if d.main:
                pt = curves['train'][-1]
                rate = bs * p['step'] / max(p['elapsedSeconds'], 1e-9)
                print(f"step {p['step']}/{total} (epoch {p['epoch'] + 1}, batch {p['batchInEpoch']}/{steps_per_epoch}) lr {lr:.3g} | "
                      f"loss {pt['loss']:.3f} | train error {pt['error']:.3f} | {rate:.1f} img/s", flush=True)
        every = recipe['validateEvery']
        epoch_done = p['batchInEpoch'] == steps_per_epoch
        due = (every == 'epoch' and epoch_done) or (every != 'epoch' and p['batchInEpoch'] % every == 0)
        if due or p['step'] == total:
            if not flush():
                reason = end('diverged', diverged.format(p['step']))
                break
            if validate() and due:
                reason = end('early-stop', f"Validation accuracy did not improve for more than {recipe['earlyStopPatience']} checks in a row.")
                break
        if epoch_done:
            if not flush():
                reason = end('diverged', diverged.format(p['step']))
                break
            p['epoch'] += 1
            p['batchInEpoch'] = 0
            p['runningLossSum'], p['runningBatches'] = 0.0, 0
            order = None
            save()
            last_save = time.monotonic()
        elif save_flag > 0:
            save()
            last_save = time.monotonic()
        if stop_flag > 0:
            reason = end('stopped', 'Stopped on request (Ctrl-C); continue with --resume.')
    if d.main:
        print(f"Wrote {os.path.join(a.out, 'curves.json')}" + ('' if reason == 'diverged' else f", {os.path.join(a.out, 'weights.safetensors')}")
              + f" and {ckpt_path}.", flush=True)
    d.close()
    if reason == 'diverged':
        sys.exit(1)


if __name__ == '__main__':
    main()
