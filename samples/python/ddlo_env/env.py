"""DdloEnv: one served environment with Gymnasium's interface (a gymnasium.Env when gymnasium is installed)."""
import math

from ddlo_env import spaces
from ddlo_env.client import DdloClient, decision_bytes

try:
    import gymnasium

    _Base = gymnasium.Env
except ImportError:
    _Base = object

_INT32 = (-2**31, 2**31 - 1)


def _seed(seed):
    if seed is None:
        return None
    seed = int(seed)
    if not _INT32[0] <= seed <= _INT32[1]:
        raise ValueError(f"seed {seed}: ddlo seeds are 32-bit integers")
    return seed


def info_of(reply, i, devices):
    """Step i's info: the value as `ddlo solve` prices the decision, the optimum and gain ratio (None when not scored),
    the slot's index in the episode and each device's share of the allocation."""
    optimum, gain = reply.optima[i], reply.gain_ratios[i]
    return {
        "value": reply.values[i],
        "optimum": None if math.isnan(optimum) else optimum,
        "gain_ratio": None if math.isnan(gain) else gain,
        "slot": reply.slots[i],
        "allocation": list(reply.allocation[i * devices:(i + 1) * devices]),
    }


def release(client, own, ids):
    """Closes the client made for these environments (its connection frees them), or only them on a shared one."""
    if client is not None:
        if own:
            client.close()
        else:
            client.close_environments(ids)


class DdloEnv(_Base):
    """A scenario's slots, one per step: the observation is the slot's reports (MUMT: N*M task sizes in MB,
    device-major; WPMEC: N channel gains; LyDROO: N channel gains, then N data queues and N energy queues), the action
    N*M bits (1 = offload), the reward the slot's value signed so that higher is better (-Q for MUMT, the computation
    rate for WPMEC, the drift-plus-penalty objective for LyDROO). An episode is ddlo.run.steps slots and ends
    truncated; reset(seed=S) gives the slots `ddlo simulate --seed S` decides. stream=True steps over one StepStream
    instead of a unary call a step (from grpcio the two take about as long)."""

    metadata = {"render_modes": []}

    def __init__(self, target="127.0.0.1:50051", scenario=None, hocon=None, overrides=(), stream=False, client=None):
        self._own_client = client is None
        self.client = client or DdloClient(target)
        (self.id,), self.spec_ddlo = self.client.create(1, scenario=scenario, hocon=hocon, overrides=overrides)
        self._ids = [self.id]
        self._stream = stream
        self.observation_space = spaces.box((self.spec_ddlo.observation_size,))
        self.action_space = spaces.multi_binary(self.spec_ddlo.decision_size)

    def reset(self, *, seed=None, options=None):
        if _Base is not object:
            super().reset(seed=seed)
        observations = self.client.reset(self._ids, None if seed is None else [_seed(seed)])
        return spaces.array(observations), {}

    def step(self, action):
        reply = (self.client.stream().step(self._ids, action) if self._stream else self.client.step(self._ids, action))
        return (spaces.array(reply.observations), reply.rewards[0], reply.terminated[0], reply.truncated[0],
                info_of(reply, 0, self.spec_ddlo.devices))

    def price(self, candidates):
        """The value of each candidate decision (a list of N*M-bit actions) on the current slot, which does not move:
        Q for MUMT (lower is better), the rate for WPMEC, as step's info["value"] would be."""
        flat = b"".join(decision_bytes(c) for c in candidates)
        return list(self.client.price(self._ids, len(candidates), flat))

    def close(self):
        self.client = release(self.client, self._own_client, self._ids)
