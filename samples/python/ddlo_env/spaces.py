"""Observation and action spaces: gymnasium's when it is installed, otherwise small stand-ins with the same fields."""
import random

try:
    import numpy as np
except ImportError:  # numpy is optional: observations are then lists
    np = None

try:
    from gymnasium import spaces as _gym_spaces
except ImportError:
    _gym_spaces = None


def array(values, shape=None):
    """Values as a float64 numpy array (of `shape`), or a list (of lists) without numpy."""
    if np is not None:
        result = np.fromiter(values, dtype=np.float64, count=len(values))
        return result.reshape(shape) if shape is not None else result
    values = list(values)
    if shape is None or len(shape) == 1:
        return values
    width = shape[1]
    return [values[i * width:(i + 1) * width] for i in range(shape[0])]


def flags(values):
    return np.fromiter(values, dtype=bool, count=len(values)) if np is not None else [bool(v) for v in values]


class Box:
    """Reals in [low, high] of a shape (the task sizes or channel gains are >= 0)."""

    def __init__(self, low, high, shape):
        self.low, self.high, self.shape = low, high, tuple(shape)

    def contains(self, x):
        return all(self.low <= v <= self.high for v in _flat(x)) and len(list(_flat(x))) == _size(self.shape)


class MultiBinary:
    """n bits (1 = offload)."""

    def __init__(self, n, seed=None):
        self.n = n
        self.shape = (n,) if isinstance(n, int) else tuple(n)
        self._random = random.Random(seed)

    def sample(self):
        return [self._random.randint(0, 1) for _ in range(_size(self.shape))]

    def seed(self, seed=None):
        self._random = random.Random(seed)

    def contains(self, x):
        values = list(_flat(x))
        return len(values) == _size(self.shape) and all(v in (0, 1) for v in values)


def box(shape):
    if _gym_spaces is not None:
        return _gym_spaces.Box(low=0.0, high=float("inf"), shape=shape, dtype=np.float64)
    return Box(0.0, float("inf"), shape)


def multi_binary(n):
    return _gym_spaces.MultiBinary(n) if _gym_spaces is not None else MultiBinary(n)


def _flat(x):
    for v in x:
        if isinstance(v, (list, tuple)):
            yield from _flat(v)
        else:
            yield v


def _size(shape):
    size = 1
    for s in shape:
        size *= s
    return size
