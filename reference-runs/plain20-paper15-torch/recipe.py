"""The recipe's parts the site defines: the learning rate at an update (src/core/train/schedules.ts) and the
optimizer (src/core/train/recipes.ts), with the learning rate set per step by train.py."""
import torch


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
