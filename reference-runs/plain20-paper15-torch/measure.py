"""What train.py measures besides the loss: accuracy with running BatchNorm statistics (validation and test, as the
site's evaluation does) and a degradation race's verdict (src/lib/race/end-error.ts)."""
import numpy as np
import torch

from data import batch_tensors


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


@torch.no_grad()
def end_error(net, images, labels, exp, d):
    """The race's verdict (src/lib/race/end-error.ts): training error on the first images of the training subset, in
    batches whose own statistics BatchNorm uses; the running statistics are left as they were."""
    spec, norm = exp['endError'], exp['data']['normalisation']
    n, bs = spec['images'], spec['batchSize']
    saved = {k: v.clone() for k, v in net.state_dict().items()}
    net.train()
    wrong = 0
    for start in range(0, n, bs):
        x, y = batch_tensors(images, labels, np.arange(start, min(n, start + bs)), norm['mean'], norm['std'], None, None, d.device)
        wrong += int((net(x).argmax(1) != y).sum())
    net.load_state_dict(saved)
    return wrong / n
