"""DdloVectorEnv: many served environments stepped by one call each step (batched, for vectorised agents)."""
from ddlo_env import spaces
from ddlo_env.client import DdloClient
from ddlo_env.env import _seed, info_of, release


class DdloVectorEnv:
    """num_envs environments of one scenario, reset and stepped together: observations (num_envs, observation_size),
    actions (num_envs, decision_size), rewards, terminated and truncated (num_envs,), and infos as a dict of per-
    environment lists. An environment whose episode ends is reset in the same step (its next episode goes on with its
    next slots); its last observation is in infos["final_observation"][i]."""

    def __init__(self, num_envs, target="127.0.0.1:50051", scenario=None, hocon=None, overrides=(), stream=False, client=None):
        self._own_client = client is None
        self.client = client or DdloClient(target)
        self.ids, self.spec_ddlo = self.client.create(num_envs, scenario=scenario, hocon=hocon, overrides=overrides)
        self.num_envs = num_envs
        self._stream = stream
        size, bits = self.spec_ddlo.observation_size, self.spec_ddlo.decision_size
        self.single_observation_space = spaces.box((size,))
        self.single_action_space = spaces.multi_binary(bits)
        self.observation_space = spaces.box((num_envs, size))
        self.action_space = spaces.multi_binary((num_envs, bits))

    def reset(self, *, seed=None, options=None):
        """seed: an int (environment i gets seed + i), a list of one per environment, or None."""
        if seed is None:
            seeds = None
        elif isinstance(seed, int):
            seeds = [_seed(seed + i) for i in range(self.num_envs)]
        else:
            seeds = [_seed(s) for s in seed]
        observations = self.client.reset(self.ids, seeds)
        return spaces.array(observations, (self.num_envs, self.spec_ddlo.observation_size)), {}

    def step(self, actions):
        flat = actions.reshape(-1) if hasattr(actions, "reshape") else [bit for action in actions for bit in action]
        reply = self.client.stream().step(self.ids, flat) if self._stream else self.client.step(self.ids, flat)
        shape = (self.num_envs, self.spec_ddlo.observation_size)
        observations = spaces.array(reply.observations, shape)
        truncated = spaces.flags(reply.truncated)
        devices = self.spec_ddlo.devices
        infos = {key: [] for key in ("value", "optimum", "gain_ratio", "slot", "allocation")}
        for i in range(self.num_envs):
            for key, value in info_of(reply, i, devices).items():
                infos[key].append(value)
        ended = [i for i in range(self.num_envs) if reply.truncated[i]]
        if ended:
            infos["final_observation"] = [observations[i].copy() if i in ended else None for i in range(self.num_envs)]
            fresh = spaces.array(self.client.reset([self.ids[i] for i in ended]), (len(ended), shape[1]))
            for row, i in enumerate(ended):
                observations[i] = fresh[row]
        return observations, spaces.array(reply.rewards), spaces.flags(reply.terminated), truncated, infos

    def close(self):
        self.client = release(self.client, self._own_client, self.ids)
