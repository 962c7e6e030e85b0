"""PyTorch side of `npm run bench`: the same ResNet-20 (projection shortcuts, biased stem), batch, optimizer and
measurement as src/lib/backend/measure.ts, on this machine's CPU. Prints one JSON object."""
import json, os, statistics, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.proj is None else self.proj(x)
        out = F.relu(self.b1(self.c1(x)))
        return F.relu(self.b2(self.c2(out)) + identity)


class ResNet(nn.Module):
    def __init__(self, n=3, widths=(16, 32, 64), classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 1, 1, bias=True), nn.BatchNorm2d(widths[0]), nn.ReLU())
        blocks, cin = [], widths[0]
        for s, w in enumerate(widths):
            for i in range(n):
                blocks.append(Block(cin, w, 2 if (s > 0 and i == 0) else 1))
                cin = w
        self.body = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(F.adaptive_avg_pool2d(self.body(self.stem(x)), 1).flatten(1))


def measure(channels_last, batch, warmup, steps):
    torch.manual_seed(0)
    model = ResNet()
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(batch, 3, 32, 32).to(memory_format=fmt)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    model.eval()
    with torch.no_grad():
        model(x)
        inf = []
        for _ in range(max(3, steps)):
            t0 = time.perf_counter()
            model(x)
            inf.append(time.perf_counter() - t0)
    return batch / statistics.median(times), batch / statistics.median(inf)


def main():
    batch, warmup, steps = (int(a) for a in sys.argv[1:4])
    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    out = {"torch": torch.__version__, "threads": threads}
    for name, cl in (("nchw", False), ("channels_last", True)):
        train, infer = measure(cl, batch, warmup, steps)
        out[name] = {"train_img_s": train, "infer_img_s": infer}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
