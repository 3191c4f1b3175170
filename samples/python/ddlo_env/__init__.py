"""Python agents in the loop: Ddlo.Actors' slots as environments over gRPC (`ddlo serve`, proto/ddlo_env.proto).

    from ddlo_env import DdloEnv
    env = DdloEnv("127.0.0.1:50051")
    obs, info = env.reset(seed=1)
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())

Needs python3-grpcio and python3-protobuf; numpy and gymnasium are used when installed (observations as numpy
arrays, gymnasium spaces, and the environment registered as "Ddlo/Offloading-v0").
"""
from ddlo_env.client import DdloClient, StepStream
from ddlo_env.env import DdloEnv
from ddlo_env.vector_env import DdloVectorEnv

__all__ = ["DdloClient", "StepStream", "DdloEnv", "DdloVectorEnv", "ENV_ID"]

ENV_ID = "Ddlo/Offloading-v0"

try:
    import gymnasium

    if ENV_ID not in gymnasium.registry:
        gymnasium.register(id=ENV_ID, entry_point="ddlo_env.env:DdloEnv")
except ImportError:
    pass
