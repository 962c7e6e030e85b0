"""The site's seeded random numbers (src/core/random.ts), bit for bit: sfc32 with the same seeding, fork, int,
normal and Fisher-Yates permutation. Equal seeds give the site's split, epoch order, augmentation draws and
initial weights."""
import math

import numpy as np

M32 = 0xFFFFFFFF


class Rng:
    """sfc32 (Chris Doty-Humphrey's small fast counter generator): four unsigned 32-bit words of state."""

    __slots__ = ('a', 'b', 'c', 'd')

    def __init__(self, state):
        self.a, self.b, self.c, self.d = (int(w) & M32 for w in state)

    @staticmethod
    def from_seed(seed):
        """The site's Rng.fromSeed: the seed spread over the state, then 16 outputs discarded."""
        s = int(seed)
        rng = Rng([0x9E3779B9, s & M32, (s // 2**32) & M32, 0x243F6A88 ^ (s & M32)])
        for _ in range(16):
            rng.next_uint32()
        return rng

    def state(self):
        return [self.a, self.b, self.c, self.d]

    def next_uint32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        self.b = (c * 9) & M32
        c = ((c << 21) | (c >> 11)) & M32
        self.c = (c + t) & M32
        return t

    def next(self):
        """Uniform float in [0, 1)."""
        return self.next_uint32() / 4294967296.0

    def int(self, n):
        """Uniform integer in [0, n)."""
        return math.floor(self.next() * n)

    def normal(self):
        """Standard normal (Box-Muller, no cached spare), as the site draws it."""
        u = self.next()
        while u == 0:
            u = self.next()
        v = self.next()
        return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v)

    def permutation(self, n):
        """A random permutation of 0..n-1 (Fisher-Yates from the end), as uint32 numpy array."""
        p = list(range(n))
        nxt = self.next_uint32
        for i in range(n - 1, 0, -1):
            j = math.floor(nxt() / 4294967296.0 * (i + 1))
            p[i], p[j] = p[j], p[i]
        return np.array(p, dtype=np.int64)

    def fork(self, label):
        """A child generator from this one and a label (FNV-1a of its UTF-16 code units), 8 outputs discarded."""
        h = 0x811C9DC5
        units = label.encode('utf-16-le')
        for i in range(0, len(units), 2):
            h = ((h ^ (units[i] | units[i + 1] << 8)) * 0x01000193) & M32
        child = Rng([self.next_uint32() ^ h, self.next_uint32(), self.next_uint32(), self.next_uint32()])
        for _ in range(8):
            child.next_uint32()
        return child
