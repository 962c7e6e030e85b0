"""Trains the exported experiment (experiment.json) as the site does: same network and initialisation, same recipe,
same data stream. One process (`python train.py`, CPU or one GPU) or DistributedDataParallel
(`torchrun --nproc_per_node=N train.py`): every rank takes its share of the same global batch, so the global batch
and learning rate stay the recipe's. A degradation race's project holds one experiment per net: all of them train,
one after the other, into OUT/<net>/ (`--net NAME` trains one). See README.md."""
import argparse
import json
import math
import os
import signal
import sys
import time

import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from data import Stream, batch_tensors, load_archive, load_site_files, select, shrink  # noqa: E402
from measure import accuracy, end_error  # noqa: E402
from model import Net, check_layout, init_like_site  # noqa: E402
from recipe import lr_at, make_optimizer  # noqa: E402
from run_io import Dist, experiments_of, load_checkpoint, log_line, save_checkpoint, write_outputs  # noqa: E402

CHECKPOINT_SECONDS = 60
STOP = {'asked': False}


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
    p.add_argument('--net', help='a race\'s project: train only this net (its folder name, e.g. plain56, or its label)')
    a = p.parse_args()
    if (a.data is None) == (a.data_archive is None):
        p.error('give exactly one of --data DIR_OR_URL and --data-archive cifar-10-binary.tar.gz')
    if a.max_steps is not None and a.max_steps < 0:
        p.error('--max-steps must be >= 0')
    return a


def new_progress(exp):
    s = Stream(exp['seed'], spec=exp.get('stream'))
    return {'step': 0, 'epoch': 0, 'batchInEpoch': 0, 'shuffleState': s.shuffle.state(), 'augmentState': s.augment_state(),
            'earlyStop': {'previous': None, 'counter': 0}, 'runningLossSum': 0.0, 'runningBatches': 0,
            'elapsedSeconds': 0.0, 'ended': None}


def main():
    a = options()
    with open(a.experiment) as f:
        doc = json.load(f)
    runs = experiments_of(a, doc)
    d = Dist(cpu=a.cpu)
    parts = ('train',) if a.no_test else ('train', 'test')
    first = runs[0][0]
    sets = load_archive(first, a.data_archive, parts) if a.data_archive else load_site_files(first, a.data, parts, not a.no_verify, os.path.join(HERE, 'cifar10-cache'))
    signal.signal(signal.SIGINT, lambda *_: STOP.__setitem__('asked', True))
    reasons = []
    for exp, out in runs:
        if len(runs) > 1 and d.main:
            print(f"\n== {exp['net']['label']} ({exp['net']['slug']}): net {exp['net']['index'] + 1} of the race, into {out}", flush=True)
        reasons.append(train_one(a, exp, out, d, sets))
        if STOP['asked']:
            break
    if len(runs) > 1 and d.main:
        print('Race: ' + ', '.join(f"{e['net']['slug']} {r or 'not started'}" for (e, _), r in zip(runs, reasons + [None] * (len(runs) - len(reasons)))), flush=True)
    d.close()
    if 'diverged' in reasons:
        sys.exit(1)


def train_one(a, exp, out, d, sets):
    """Trains one experiment into `out`; returns how it ended ('completed', 'early-stop', 'stopped', 'diverged')."""
    torch.manual_seed(exp['seed'])
    recipe, dcfg = exp['recipe'], exp['data']
    norm = dcfg['normalisation']
    pad_value = [-m / s for m, s in zip(norm['mean'], norm['std'])]
    train_x, train_y, val_x, val_y = select(exp, *sets['train'])
    test = (shrink(exp, sets['test'][0]), sets['test'][1]) if 'test' in sets else None
    step_counting = exp.get('validation', {}).get('counting', 'epoch') == 'step'
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

    os.makedirs(out, exist_ok=True)
    ckpt_path = os.path.join(out, 'checkpoint.pt')
    progress, curves = new_progress(exp), {'train': [], 'val': [], 'log': []}
    fresh_net = a.resume == '' and exp.get('net') is not None and not os.path.exists(ckpt_path)
    if fresh_net and d.main:
        print(f'No checkpoint at {ckpt_path}: this net starts from its initialisation.', flush=True)
    if a.resume is not None and not fresh_net:
        ckpt = load_checkpoint(a.resume or ckpt_path, exp, d.device)
        net.load_state_dict(ckpt['model'])
        optimizer.load_state_dict(ckpt['optimizer'])
        progress, curves = ckpt['progress'], ckpt['curves']
        if progress['ended'] in ('completed', 'early-stop'):
            if d.main:
                print(f"This run already ended at step {progress['step']} ({progress['ended']}).")
            return progress['ended']
        progress['ended'] = None
    info = {'backend': f"pytorch-{d.device.type}", 'world_size': d.world, 'framework': f'pytorch {torch.__version__}'}
    if d.main:
        print(f"Training {exp['net']['label'] + ': ' if exp.get('net') else ''}{exp['name']} ({exp['parameters']:,} parameters), recipe {recipe['name']}, on {n} images (validation {len(val_y)}), "
              f"{total} steps, seed {exp['seed']}; {d.world} process(es) on {d.device.type}"
              f"{' (' + d.backend + ')' if d.backend else ''}: global batch {bs}, {math.ceil(bs / d.world)} or fewer images per process per step, "
              f"learning rate as the recipe's (the global batch is the recipe's).", flush=True)
        if progress['step'] > 0:
            print(f"Resuming at step {progress['step']} (epoch {progress['epoch'] + 1}, batch {progress['batchInEpoch']}).", flush=True)

    stream = Stream(shuffle_state=progress['shuffleState'], augment_state=progress['augmentState'])
    if progress['augmentState'] is None and recipe['augment']:
        raise SystemExit('experiment.json augments but names no augmentation stream; export the project again.')
    order = stream.shuffle.permutation(n) if progress['batchInEpoch'] > 0 else None
    acc = progress.pop('pending', [0.0, 0.0, 0, 0])  # batch-mean losses, wrong images, images, steps since the last flush
    stop = STOP
    last_save = time.monotonic()
    p = progress

    def flush():
        if acc[3] == 0:
            return True
        loss_sum, wrong, images_seen, steps = acc
        acc[:] = [0.0, 0.0, 0, 0]
        if not math.isfinite(loss_sum):
            return False
        if not step_counting:
            p['runningLossSum'] += loss_sum
            p['runningBatches'] += steps
        curves['train'].append({'step': p['step'], 'epoch': p['epoch'] + p['batchInEpoch'] / steps_per_epoch,
                                'loss': loss_sum / steps, 'error': wrong / images_seen})
        return True

    def snapshot():
        # The sums not yet in the curves travel with the checkpoint, so the curves do not depend on when it was saved.
        return dict(p, shuffleState=stream.shuffle.state() if order is None else p['shuffleState'],
                    augmentState=stream.augment_state(), pending=list(acc))

    def save(reason=None, final=False):
        if d.main:
            state = snapshot()
            if reason is not None:
                state['ended'] = reason
            save_checkpoint(ckpt_path, net, optimizer, state, curves, exp)
            write_outputs(out, net, exp, state, curves, info, reason, final)

    def end(reason, message):
        if reason != 'diverged':
            flush()
        if d.main:
            print(f'{reason}: {message}', flush=True)
        if reason != 'diverged' and exp.get('endError') and p['step'] > 0:
            info['end_error'] = {'step': p['step'], 'images': exp['endError']['images'], 'error': end_error(net, train_x, train_y, exp, d)}
            if d.main:
                print(f"training error at the end (the race's verdict): {info['end_error']['error']:.4f} on the first {info['end_error']['images']} training images", flush=True)
        if reason != 'diverged' and test is not None and reason != 'stopped':
            info['test_acc'] = accuracy(net, *test, exp, d)
            if d.main:
                print(f"test accuracy: {info['test_acc']:.4f} on {len(test[1])} images", flush=True)
        if reason == 'diverged':
            if d.main:
                write_outputs(out, net, exp, snapshot(), curves, info, reason, True)
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
    if exp.get('validation', {}).get('atStart') and p['step'] == 0 and not curves['val']:
        validate()  # The race's point at step 0, before any update.
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
        if step_counting:
            # The race's points need not fall on its validations: the log line's running loss counts every update.
            p['runningLossSum'] += loss_part
            p['runningBatches'] += 1
        now = time.monotonic()
        p['elapsedSeconds'] += now - t_last
        t_last = now
        p['step'] += 1
        p['batchInEpoch'] += 1
        # The race reads back every logEvery updates and after its last one, and nowhere else.
        if p['step'] % exp['logEvery'] == 0 or (step_counting and p['step'] == total):
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
        counted = p['step'] if step_counting else p['batchInEpoch']
        due = (every == 'epoch' and epoch_done) or (every != 'epoch' and counted % every == 0)
        if due or p['step'] == total:
            if not step_counting and not flush():
                reason = end('diverged', diverged.format(p['step']))
                break
            if validate() and due:
                reason = end('early-stop', f"Validation accuracy did not improve for more than {recipe['earlyStopPatience']} checks in a row.")
                break
        if epoch_done:
            if not step_counting and not flush():
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
        print(f"Wrote {os.path.join(out, 'curves.json')}" + ('' if reason == 'diverged' else f", {os.path.join(out, 'weights.safetensors')}")
              + f" and {ckpt_path}.", flush=True)
    return reason


if __name__ == '__main__':
    main()
