namespace Ddlo.Cli.Tests;

/// <summary>A user's mistakes end in one clear line on stderr and exit code 2, never a stack trace.</summary>
public sealed class BadInputTests
{
    private const string Sizes = "22,25,10,13,13,17,19,29,28";
    private const string Gains = "1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6";
    private const string Wpmec = "hocon/scenarios/droo-wpmec-10.conf";
    private const string Lydroo = "hocon/scenarios/lydroo-10.conf";
    private const string City = "hocon/scenarios/city-16-cells.conf";

    public static TheoryData<string[], string> Cases() => new()
    {
        { ["solve", "--workload", "22,-25,10,13,13,17,19,29,28"], "Task size d1 (device 0, task 1) must be a finite number of MB >= 0, got -25" },
        { ["solve", "--workload", "22,NaN,10,13,13,17,19,29,28"], "Task size d1 (device 0, task 1) must be a finite number of MB >= 0, got NaN" },
        { ["solve", "--workload", "22,abc,10,13,13,17,19,29,28"], "--workload: task size d1 'abc' is not a number" },
        { ["solve", "--workload", "22,25,10"], "A 3 x 3 workload needs 9 task sizes, got 3" },
        { ["solve", "--workload", Sizes, "--decision", "1101"], "A decision needs 9 bits (N*M), got 4" },
        { ["solve", "--workload", Sizes, "--set", "ddlo.system.devics=4"], "--set ddlo.system.devics=4: ddlo.system.devics: unknown key (did you mean 'ddlo.system.devices'?)" },
        { ["solve", "--workload", Sizes, "--set", "system.uplink-mbps=0"], "--set system.uplink-mbps=0: ddlo.system.uplink-mbps: expected a number > 0, got '0'" },
        { ["solve", "--workload", Sizes, "--set", "system.devices=three"], "--set system.devices=three: ddlo.system.devices: expected a whole number, got 'three'" },
        { ["solve", "--workload", Sizes, "--set", "system.bandwidth-policy=fair"], "ddlo.system.bandwidth-policy: expected one of optimal | equal, got 'fair'" },
        { ["solve", "--workload", Sizes, "--set", "devices"], "--set devices: expected key=value" },
        { ["solve", "--workload", Sizes, "--scenario", "hocon/scenarios/missing.conf"], "hocon/scenarios/missing.conf: scenario file not found." },
        { ["solve", "--workload", "10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10", "--set", "system.devices=5", "--set", "system.tasks-per-device=5"], "Exhaustive search is limited to N*M <= 24" },
        { ["solve"], "--workload is required" },
        { ["solve", "--workload", Sizes, "--set", "channel.enabled=on"], "--set channel.enabled=on: ddlo.channel.enabled: with ddlo.channel.enabled = on each slot also depends on the devices' channels, which solve does not take" },
        { ["evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--set", "channel.enabled=on"], "--set channel.enabled=on: ddlo.channel.enabled: the data sets hold task sizes at the paper's fixed rate" },
        { ["solve", "--workload", Sizes, "--set", "device-classes.a.share=1"], "--set device-classes.a.share=1: ddlo.device-classes: with device classes each device has its own constants, which solve does not take" },
        { ["simulate", "--set", "device-classes.a.shar=1"], "--set device-classes.a.shar=1: ddlo.device-classes.a.shar: unknown key of a device class; a class sets share, local-time-per-bit, local-energy-per-bit, transmit-energy-per-bit, min-mb, max-mb." },
        { ["simulate", "--set", "channel.fading=fast"], "--set channel.fading=fast: ddlo.channel.fading: expected one of none | rayleigh | rician, got 'fast'." },
        { ["simulate", "--set", "channel.enabled=on", "--set", "channel.farthest-m=5"], "--set channel.farthest-m=5: ddlo.channel.farthest-m: must be a distance in [20, 1e6] m (not nearer than the nearest), got 5." },
        { ["evaluate", "--dataset", "samples/data/nope.csv"], "samples/data/nope.csv: data set file not found." },
        { ["evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--policy", "clever"], "--policy clever: ddlo.run.policy: unknown policy 'clever' for the mumt model; expected one of: ddlo, exhaustive, dual, coordinate-descent, local, edge, random, onnx, remote; no plug-in is loaded (list plug-in assemblies in ddlo.plugins to name their policies by Name or type name)." },
        { ["evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--set", "system.devices=4"], "a 4 x 3 scenario expects d0..d11,q_opt,x0..x11" },
        { ["solve", "--workload", Sizes, "--frobnicate"], "Unknown option 'frobnicate'" },
        { ["solve", "--workload", Sizes, "--set", "system.uplink-mbps=NaN"], "ddlo.system.uplink-mbps: expected a finite number, got 'NaN'" },
        { ["solve", "--workload", Sizes, "--set", "workload.min-mb=-1"], "ddlo.workload.min-mb: expected a whole number >= 0, got '-1'" },
        { ["simulate", "--set", "learning.dnn-count=0"], "--set learning.dnn-count=0: ddlo.learning.dnn-count: expected a whole number in [1, 1024], got '0'" },
        { ["simulate", "--set", "learning.batch-size=0"], "ddlo.learning.batch-size: expected a whole number >= 1, got '0'" },
        { ["simulate", "--set", "learning.memory-size=0"], "ddlo.learning.memory-size: expected a whole number >= 1, got '0'" },
        { ["simulate", "--set", "learning.hidden-layers=[120, 0]"], "ddlo.learning.hidden-layers: expected a list of whole numbers >= 1, got '[120, 0]'" },
        { ["simulate", "--set", "learning.learning-rate=-0.1"], "ddlo.learning.learning-rate: expected a number > 0, got '-0.1'" },
        { ["simulate", "--set", "run.candidate-deadline=soon"], "ddlo.run.candidate-deadline: expected a positive duration such as 5s or 200ms, got 'soon'" },
        { ["simulate", "--set", "run.steps=0"], "ddlo.run.steps: expected a whole number >= 1, got '0'" },
        { ["simulate", "--set", "system.devices=10", "--set", "run.score-against-optimum=exhaustive"], "ddlo.run.score-against-optimum: exhaustive scoring needs N*M <= 24, but N*M = 30; use auto or dual." },
        { ["simulate", "--policy", "oracle"], "--policy oracle: ddlo.run.policy: unknown policy 'oracle' for the mumt model; expected one of: ddlo, exhaustive, dual, coordinate-descent, local, edge, random, onnx, remote; no plug-in is loaded (list plug-in assemblies in ddlo.plugins to name their policies by Name or type name)." },
        { ["evaluate", "--dataset", "samples/data/ddlo-mumt-3x3.csv", "--scenario", "hocon/scenarios/paper-3x3.conf"], "samples/data/ddlo-mumt-3x3.csv:2: q_opt 688.4679127039999 disagrees with the row's own decision 110011011" },
        { ["simulate", "--scenario", City, "--seeds", "1-2"], "ddlo.topology.layout: a map of cells runs one run at a time with ddlo simulate" },
        { ["serve", "--port", "0", "--scenario", City], "ddlo.topology.layout: an environment serves one cell; a map of cells runs with ddlo simulate" },
        { ["simulate", "--scenario", City, "--decisions"], "--decisions: ddlo.results.decisions: a map of cells writes no decisions.csv" },
        { ["simulate", "--scenario", City, "--set", "topology.hysteresis-db=200"], "--set topology.hysteresis-db=200: ddlo.topology.hysteresis-db: must be a margin in [0, 100] dB, got 200." },
        { ["node", "--role", "edge,boss"], "--role: unknown role 'boss'; expected one of edge, learner, solver, devices, cells, runs, all." },
        { ["node", "--role", "learner"], "--seed HOST:PORT is required" },
        { ["node", "--role", "learner", "--seed", "localhost"], "--seed: 'localhost' is not HOST:PORT." },
        { ["bench", "--cluster", "--model", "model.ddlo"], "Unknown option 'cluster'" },
        { ["bench", "platform", "cloud"], "platform: unknown platform 'cloud'; expected single, cluster-1, cluster-2, cluster-3." },
        { ["bench", "model"], "Command 'model' is missing required argument 'FILE'" },
        { ["experiment"], "--file FILE is required" },
        { ["solve", "--workload", Sizes, "--set", "system.devices=${?NO_SUCH_VARIABLE}"], "substitutions (${...}) are not supported" },
        { ["simulate", "--set", "run.steps=${run.seed}"], "substitutions (${...}) are not supported" },
        { ["node", "--role", "learner", "--seed", "nosuchhost.invalid:4053"], "--seed: cannot resolve the host 'nosuchhost.invalid'." },
        { ["node", "--role", "edge", "--join-timeout", "-5"], "--join-timeout must be at least 1 second, got -5." },
        { ["node", "--role", "edge", "--management-port", "70000"], "--management-port must be a port number from 1 to 65535, got 70000." },
        { ["node", "--role", "learner", "--discovery", "dns", "--management-port", "8558"], "--discovery: unknown method 'dns'; expected one of config, kubernetes." },
        { ["node", "--role", "learner", "--discovery", "config", "--contact-point", "127.0.0.1:8558"], "--discovery needs --management-port: the other nodes probe this node's contact point there." },
        { ["node", "--role", "learner", "--discovery", "config", "--management-port", "8558", "--seed", "127.0.0.1:4053"], "--seed and --discovery exclude each other: Cluster Bootstrap finds the seed nodes itself." },
        { ["node", "--role", "learner", "--contact-point", "127.0.0.1:8558"], "--contact-point lists the endpoints of config discovery: give --discovery config too." },
        { ["node", "--role", "learner", "--discovery", "kubernetes", "--management-port", "8558", "--contact-point", "127.0.0.1:8558"], "--contact-point lists the endpoints of config discovery, not of kubernetes discovery." },
        { ["node", "--role", "learner", "--discovery", "config", "--management-port", "8558", "--contact-point", "127.0.0.1"], "--contact-point: '127.0.0.1' is not HOST:PORT (a node's management endpoint)." },
        { ["node", "--role", "learner", "--discovery", "kubernetes", "--management-port", "8558"], "--discovery kubernetes: this process is not in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set); to reach the API from outside, set akka.discovery.ddlo-kubernetes.api-url" },
        { ["node", "--role", "learner", "--discovery", "config", "--management-port", "8558"], "--discovery config: no contact points; give --contact-point HOST:PORT for each node, or set akka.discovery.config.services.ddlo.endpoints." },
        { ["simulate", "--set", "system.models.toy=\"MyLab.ToyDefinition, MyLab\""], "--set system.models.toy=\"MyLab.ToyDefinition, MyLab\": ddlo.system.models.toy: no type 'MyLab.ToyDefinition, MyLab'; name a system definition as \"Namespace.Type, Assembly\", its assembly beside ddlo or listed in ddlo.plugins." },
        { ["simulate", "--set", "system.models.toy=System.String"], "--set system.models.toy=System.String: ddlo.system.models.toy: System.String is not a system definition (it does not implement Ddlo.Actors.Systems.ISystemDefinition)." },
        { ["simulate", "--set", "learning.adam-beta1=1"], "--set learning.adam-beta1=1: ddlo.learning.adam-beta1: Adam's beta1 must be in [0, 1), got 1." },
        { ["simulate", "--set", "system.tasks-per-device=20"], "ddlo.system.tasks-per-device: M = 20 tasks per device, but scoring against the dual optimum" },
        { ["simulate", "--set", "system.tasks-per-device=20", "--set", "run.score-against-optimum=off", "--policy", "dual"], "ddlo.run.policy: M = 20 tasks per device, but the dual policy needs M <= 16" },
        { ["simulate", "--set", "system.devices=100000", "--steps", "3"], "--set system.devices=100000: ddlo.system.devices: N = 100000 devices, but scoring against the dual optimum (ddlo.run.score-against-optimum = auto) handles at most 30,000" },
        { ["simulate", "--set", "system.devices=100000", "--set", "run.score-against-optimum=off", "--policy", "dual"], "ddlo.run.policy: N = 100000 devices, but the dual policy handles at most 30,000 devices" },
        { ["simulate", "--set", "workload.max-mb=2147483647"], "ddlo.workload.max-mb: expected a whole number in [10, 2147483646], got '2147483647'." },
        { ["simulate", "--set", "learning.hidden-layers=[100000000]"], "ddlo.learning.hidden-layers: the 5 networks would need" },
        { ["simulate", "--set", "workload.min-mb=20", "--set", "workload.max-mb=20"], "ddlo.workload.max-mb: every task would be 20 MB" },
        { ["simulate", "--set", "learning.quantiser=nearest"], "--set learning.quantiser=nearest: ddlo.learning.quantiser: expected one of threshold | order-preserving | noisy-order-preserving, got 'nearest'." },
        { ["simulate", "--set", "learning.candidates-per-dnn=0"], "--set learning.candidates-per-dnn=0: ddlo.learning.candidates-per-dnn: expected a whole number in [1, 4096], got '0'." },
        { ["simulate", "--set", "learning.candidates-per-dnn=5"], "ddlo.learning.candidates-per-dnn: the threshold quantiser makes one candidate per network, but 5 were asked for" },
        { ["simulate", "--set", "learning.adaptive-interval=0"], "--set learning.adaptive-interval=0: ddlo.learning.adaptive-interval: expected a whole number >= 1, got '0'." },
        { ["simulate", "--set", "learning.adaptive-candidates=maybe"], "ddlo.learning.adaptive-candidates: expected one of on | off, got 'maybe'." },
        { ["simulate", "--set", "learning.architecture=convolutional"], "ddlo.learning.architecture: expected one of full | per-device, got 'convolutional'." },
        { ["simulate", "--set", "learning.device-search-rounds=-1"], "ddlo.learning.device-search-rounds: expected a whole number in [0, 1000], got '-1'." },
        { ["simulate", "--set", "learning.device-search-role=advise"], "ddlo.learning.device-search-role: expected one of decide | teach, got 'advise'." },
        { ["simulate", "--set", "learning.device-search-role=teach"], "ddlo.learning.device-search-role: 'teach' needs a search to teach with; set ddlo.learning.device-search-rounds above 0." },
        { ["simulate", "--set", "results.decisions=1"], "--set results.decisions=1: ddlo.results.decisions: expected one of on | off, got '1'." },
        { ["simulate", "--resume", "results/any", "--decisions"], "--resume continues a run with the settings it was started with: drop --scenario, --set, --seed, --policy, --decisions, --out and --force (only --steps may be given)." },
        { ["simulate", "--steps", "abc"], "--steps: expected a whole number, got 'abc'." },
        { ["simulate", "--steps", "0"], "--steps 0: ddlo.run.steps: expected a whole number >= 1, got '0'." },
        { ["simulate", "--seed", "1.5"], "--seed: expected a whole number, got '1.5'." },
        { ["bench", "--max-in-flight", "many"], "--max-in-flight: expected a whole number, got 'many'." },
        { ["experiment", "--file", "hocon/experiments/fig09-dnn-count.conf", "--out", "/proc/ddlo-experiment"], "--out /proc/ddlo-experiment: cannot create the results folder" },
        { ["node", "--role", "all", "--out", "/proc/ddlo-node"], "--out /proc/ddlo-node: cannot create the results folder" },
        { ["export", "--from", "samples/results/paper-3x3", "--out", "model.ddlo"], "--from samples/results/paper-3x3: not the results folder of a learning run" },
        { ["simulate", "--out", "/proc/ddlo-results"], "--out /proc/ddlo-results: cannot create the results folder" },
        { ["simulate", "--out", "/dev/null/results"], "--out /dev/null/results: cannot create the results folder" },
        { ["simulate", "--policy", "onnx"], "--policy onnx: ddlo.onnx.models: the onnx policy needs at least one model" },
        { ["simulate", "--policy", "onnx", "--set", "onnx.models=[\"no-such.onnx\"]"], "no-such.onnx: ONNX model not found." },
        { ["simulate", "--policy", "onnx", "--set", "onnx.models=[\"samples/data/opt-3x3-150mbps.csv\"]"], "samples/data/opt-3x3-150mbps.csv: not a valid ONNX model" },
        { ["simulate", "--policy", "onnx", "--set", "onnx.models=[\"samples/python/models/ddlo-k0.onnx\"]", "--set", "system.devices=4"], "ddlo-k0.onnx: the model takes float32 [batch, 9] and gives float32 [batch, 9], but this scenario has N*M = 12: both must be float32 [batch, 12]." },
        { ["evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--policy", "onnx"], "--policy onnx: ddlo.onnx.models: the onnx policy needs at least one model" },
        // WPMEC: settings of the other model, shapes it cannot have, oracles and baselines of the other model, bad gains.
        { ["simulate", "--set", "system.model=wpmec", "--set", "system.uplink-mbps=100"], "--set system.uplink-mbps=100: ddlo.system.uplink-mbps: this key configures the mumt model, but ddlo.system.model = wpmec" },
        { ["simulate", "--set", "system.model=drone"], "ddlo.system.model: expected one of mumt | wpmec | lydroo, got 'drone'" },
        { ["simulate", "--set", "wpmec.noise-w=0"], "ddlo.wpmec.noise-w: this key configures the wpmec model, but ddlo.system.model = mumt" },
        { ["simulate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--set", "wpmec.noise-w=0"], "ddlo.wpmec.noise-w: expected a number > 0, got '0'" },
        { ["simulate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--set", "wpmec.weights=[1, 1.5]"], "ddlo.wpmec.weights: expected one weight per device: 10 (ddlo.system.devices), got 2" },
        { ["simulate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--set", "wpmec.weights=heavy"], "ddlo.wpmec.weights: expected \"alternating\" or a list of 10 weights such as [1, 1.5, ...], got 'heavy'." },
        { ["simulate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--set", "system.devices=21", "--set", "run.score-against-optimum=exhaustive"], "exhaustive scoring prices all 2^N modes, which needs N <= 20, but N = 21" },
        { ["simulate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--policy", "dual"], "ddlo.run.policy: dual is an MUMT baseline" },
        { ["evaluate", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--dataset", "samples/data/droo-wpmec-10-head.csv", "--set", "system.devices=9"], "header has 32 columns" },
        { ["solve", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--workload", "1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,-2e-6"], "Task size d9 (device 9, task 0) must be a finite number of MB >= 0, got -2E-06" },
        { ["solve", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--workload", "1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6", "--decision", "dual"], "--decision dual: the dual decomposition prices MUMT's bandwidth" },
        // LyDROO: commands that have no meaning for frames that depend on the queues, the other models' keys, bad arrivals.
        { ["evaluate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--dataset", "samples/data/droo-wpmec-10-head.csv"], "ddlo.system.model: evaluate replays a data set of independent slots" },
        { ["solve", "--set", "system.model=lydroo", "--workload", "1e-11"], "--set system.model=lydroo: ddlo.system.model: solve prices one slot's reports, but LyDROO's critic also needs each device's queues" },
        { ["simulate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--policy", "onnx"], "ddlo.run.policy: ONNX models take the reports alone, but LyDROO's networks also see each device's queues" },
        { ["simulate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--set", "workload.max-mb=40"], "ddlo.workload.max-mb: this key configures the mumt model, but ddlo.system.model = lydroo" },
        { ["simulate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--set", "arrivals.process=trace", "--set", "arrivals.trace=no-such-trace.csv"], "ddlo.arrivals.trace: " },
        { ["simulate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--set", "arrivals.mean-mbit=-3"], "ddlo.arrivals.mean-mbit: expected a number > 0, got '-3'" },
        { ["simulate", "--set", "arrivals.process=poisson"], "ddlo.arrivals.process: this key configures the lydroo model, but ddlo.system.model = mumt" },
        // Numbers the maths cannot hold are refused where they are read (issue 31, class 3 and 4), naming the key or option.
        { ["solve", "--scenario", Wpmec, "--workload", "1e300,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6"], "ddlo: error: --workload: Device 0's channel gain must be a number within [1E-100, 1E+100], got 1E+300." },
        { ["solve", "--scenario", Wpmec, "--workload", "1e50,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6"], "ddlo: error: --workload: Device 0's channel gain 1E+50 gives an SNR mu P h^2 / N0 = 2.1E+110 with these constants" },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.weights=[0,0,0,0,0,0,0,0,0,0]"], "ddlo.wpmec.weights: every weight is 0, so every decision is worth nothing" },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.weights=[1e308,1,1,1,1,1,1,1,1,1]"], "ddlo.wpmec.weights: expected a list of finite numbers >= 0, each 0 or of a size within [1E-100, 1E+100], got '[1e308, 1, 1, 1, 1, 1, 1, 1, 1, 1]'." },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.ap-power-w=1e308"], "--set wpmec.ap-power-w=1e308: ddlo.wpmec.ap-power-w: expected a number whose size is 0 or within [1E-100, 1E+100] (what the model's arithmetic can hold), got '1e308'." },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.noise-w=1e-300"], "ddlo.wpmec.noise-w: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.ap-power-w=Infinity"], "ddlo.wpmec.ap-power-w: expected a finite number, got 'Infinity'." },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.ap-power-w=1e100", "--set", "wpmec.noise-w=1e-100"], "--workload: Device 0's channel gain 1E-06 gives an SNR mu P h^2 / N0 = 7E+187" },
        { ["solve", "--scenario", Wpmec, "--workload", Gains, "--set", "wpmec.overhead=1e100"], "ddlo: error: The WPMEC allocation found no price that balances the frame of channel gains [1E-06, 2E-06" },
        { ["simulate", "--scenario", Lydroo, "--set", "lydroo.v=1e308", "--steps", "10"], "--set lydroo.v=1e308: ddlo.lydroo.v: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { ["simulate", "--scenario", Lydroo, "--set", "lydroo.v=-Infinity", "--steps", "10"], "ddlo.lydroo.v: expected a finite number, got '-Infinity'." },
        { ["simulate", "--scenario", Lydroo, "--set", "lydroo.weights=[0,0,0,0,0,0,0,0,0,0]", "--steps", "10"], "ddlo.lydroo.weights: every weight is 0" },
        { ["simulate", "--scenario", Lydroo, "--set", "arrivals.mean-mbit=1e200", "--steps", "10"], "ddlo.arrivals.mean-mbit: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { ["simulate", "--set", "system.beta=1e308"], "ddlo.system.beta: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { ["solve", "--workload", "1e308,25,10,13,13,17,19,29,28"], "ddlo: error: --workload: Task size d0 (device 0, task 0) must be 0 or a number of MB within [1E-100, 1E+100], got 1E+308." },
        // Every option's error names the option, never a .NET parameter.
        { ["solve", "--workload", "22,-25,10,13,13,17,19,29,28", "--json"], "ddlo: error: --workload: Task size d1 (device 0, task 1) must be a finite number of MB >= 0, got -25." },
        { ["solve", "--workload", Sizes, "--decision", "11x"], "ddlo: error: --decision: A decision needs 9 bits (N*M), got 3 in '11x'." },
        { ["solve", "--workload", Sizes, "--decision", "11001101x"], "ddlo: error: --decision: Decision bit 8 must be 0 or 1, got 'x' in '11001101x'." },
        { ["simulate", "--out", ""], "ddlo: error: --out: expected the name of a results folder, got an empty one." },
        { ["solve", "--scenario", "", "--workload", Sizes], "ddlo: error: --scenario: expected a scenario file, got an empty name." },
        { ["simulate", "--scenario", " "], "ddlo: error: --scenario: expected a scenario file, got an empty name." },
        { ["simulate", "--resume", ""], "ddlo: error: --resume: expected the results folder of the run to continue, got an empty name." },
        { ["node", "--role", "all", "--resume", ""], "ddlo: error: --resume: expected the results folder of the run to continue, got an empty name." },
        { ["bench", "model", ""], "ddlo: error: FILE: expected a model file written by ddlo export, got an empty name." },
        { ["simulate", "--policy", "onnx", "--set", "onnx.models=/a.onnx"], "ddlo: error: --set onnx.models=/a.onnx: ddlo.onnx.models: expected a list of ONNX model paths such as [\"models/ddlo-0.onnx\"], got '/a.onnx' (a single path needs brackets too)." },
        { ["simulate", "--set", "plugins=MyLab.dll"], "ddlo.plugins: expected a list of assembly paths such as [\"plugins/MyLab.dll\"], got 'MyLab.dll'" },
        // Node options and akka.* keys are checked before the node writes anything.
        { ["node", "--role", "all", "--hostname", "192.0.2.1", "--steps", "5", "--out", "{out}"], "ddlo: error: --hostname: '192.0.2.1' is no address of this machine's interfaces, so the node cannot listen there" },
        { ["node", "--role", "all", "--hostname", "::1:5", "--steps", "5", "--out", "{out}"], "ddlo: error: --hostname: '::1:5' is no address of this machine's interfaces" },
        { ["node", "--role", "all", "--hostname", "", "--steps", "5", "--out", "{out}"], "ddlo: error: --hostname: expected a host name or address to listen at, got an empty one." },
        { ["node", "--role", "learner", "--seed", "::1:4997"], "ddlo: error: --seed: '::1:4997' is not HOST:PORT: write an IPv6 address in brackets, as [::1]:4053." },
        { ["node", "--role", "learner", "--seed", "[127.0.0.1]:4053"], "ddlo: error: --seed: '[127.0.0.1]:4053': only an IPv6 address goes in brackets." },
        { ["node", "--role", "learner", "--seed", " :4053"], "ddlo: error: --seed: cannot resolve the host ' '." },
        { ["node", "--role", "all", "--set", "akka.remote.dot-netty.tcp.port=abc", "--steps", "5", "--out", "{out}"], "ddlo: error: --set akka.remote.dot-netty.tcp.port=abc: akka.remote.dot-netty.tcp.port: expected a port number in [0, 65535], got 'abc'." },
        { ["node", "--role", "all", "--set", "akka.remote.dot-netty.tcp.port=70000", "--steps", "5", "--out", "{out}"], "akka.remote.dot-netty.tcp.port: expected a port number in [0, 65535], got '70000'." },
        { ["node", "--role", "all", "--set", "akka.remote.dot-netty.tcp.hostname=192.0.2.1", "--steps", "5", "--out", "{out}"], "ddlo: error: --set akka.remote.dot-netty.tcp.hostname=192.0.2.1: akka.remote.dot-netty.tcp.hostname: '192.0.2.1' is no address of this machine's interfaces" },
        { ["node", "--role", "learner", "--seed", "[::1]"], "ddlo: error: --seed: '[::1]' is not HOST:PORT." },
        { ["solve", "--workload", "1e-320,25,10,13,13,17,19,29,28"], "--workload: Task size d0 (device 0, task 0) must be 0 or a number of MB within [1E-100, 1E+100], got 1E-320." },
        { ["node", "--role", "all", "--set", "akka.actor.serializers=5", "--steps", "5", "--out", "{out}"], "ddlo: error: --set akka.actor.serializers=5: akka.actor.serializers: expected a block of settings { ... }, as Akka defines akka.actor.serializers, got '5'." },
        { ["node", "--role", "all", "--set", "akka.cluster.seed-nodes=5", "--steps", "5", "--out", "{out}"], "akka.cluster.seed-nodes: expected a list [ ... ], as Akka defines akka.cluster.seed-nodes, got '5'." },
        { ["node", "--role", "all", "--set", "akka.actor.default-dispatcher.throughput=lots", "--steps", "5", "--out", "{out}"], "akka.actor.default-dispatcher.throughput: expected a whole number, as Akka defines akka.actor.default-dispatcher.throughput (default 30), got 'lots'." },
    };

    [Fact]
    public void Should_reject_at_least_twenty_five_kinds_of_bad_input()
    {
        Assert.True(Cases().Count >= 25, $"only {Cases().Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_explain_the_mistake_in_one_line(string[] args, string message)
    {
        string output = Path.Combine(Path.GetTempPath(), $"ddlo-bad-out-{Guid.NewGuid():N}");
        args = [.. args.Select(a => a == "{out}" ? output : a)];
        string[] withOut = args[0] is "simulate" && !args.Contains("--out") ? [.. args, "--out", output] : args;

        var result = DdloProcess.Run(withOut);

        Assert.False(Directory.Exists(output), "a rejected run must not leave a results folder behind");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static TheoryData<string, string> BadScenarioFiles() => new()
    {
        { "ddlo.system.devices = 3\ninclude \"/etc/passwd\"\n", "line 2: include is not supported" },
        { "include file(\"other.conf\")\n", "line 1: include is not supported" },
        { "ddlo.system.devices = ${?NO_SUCH_VARIABLE}\n", "line 1: substitutions (${...}) are not supported" },
        { "ddlo.run { steps = 100, seed = ${ddlo.run.steps} }\n", "substitutions (${...}) are not supported" },
        { "system.devices = 4\n", "system.devices: unknown key: keys in a scenario file start with ddlo. (did you mean 'ddlo.system.devices'?)" },
        { "frobnicate = 4\n", "frobnicate: unknown key: a scenario sets ddlo.* keys" },
        { "\u007FELF\u0002\u0001\u0001\0\0\0\0\u0003\0>\0", "not valid HOCON: line 1: it holds a control character or bytes that are not UTF-8 text (U+007F); is it a text file?" },
        { "ddlo.run.steps = 100\n\u0001\n", "not valid HOCON: line 2: it holds a control character" },
        { "ddlo { system { model = wpmec, devices = 10 }, wpmec { ap-power-w = 1e308 } }\n", "ddlo.wpmec.ap-power-w: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { "ddlo.system.uplink-mbps = 1e-200\n", "ddlo.system.uplink-mbps: expected a number whose size is 0 or within [1E-100, 1E+100]" },
    };

    [Theory]
    [MemberData(nameof(BadScenarioFiles))]
    public void Should_refuse_a_scenario_file_that_would_hang_crash_or_be_ignored_within_a_deadline(string text, string message)
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddlo-bad-{Guid.NewGuid():N}.conf");
        string output = Path.Combine(Path.GetTempPath(), $"ddlo-bad-out-{Guid.NewGuid():N}");
        File.WriteAllText(file, text);
        try
        {
            using var running = DdloProcess.Start("simulate", "--scenario", file, "--out", output);
            var result = running.WaitForExit(TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith($"ddlo: error: {file}: ", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr + result.Stdout, StringComparison.Ordinal);
            Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain(result.Stderr.TrimEnd(), char.IsControl);
            Assert.False(Directory.Exists(output), "a rejected run must not leave a results folder behind");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>HOCON separates fields by commas as well as newlines, after a block too.</summary>
    [Fact]
    public void Should_accept_fields_separated_by_commas_after_a_block()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddlo-commas-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "ddlo { system { devices = 3 }, learning { hidden-layers = [120, 80] }, workload { max-mb = 40 }, }\n");
        try
        {
            var result = DdloProcess.Run("solve", "--scenario", file, "--workload", Sizes, "--decision", "000000000", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(result.Json.GetProperty("q").GetDouble() > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>GZipStream reads a cut file as if it ended at the cut: the file is refused, naming it, instead of scored on what is left.</summary>
    [Fact]
    public void Should_refuse_a_gzip_data_set_cut_short()
    {
        byte[] whole = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples/data/droo-wpmec-10.csv.gz"));
        string file = Path.Combine(Path.GetTempPath(), $"ddlo-cut-{Guid.NewGuid():N}.csv.gz");
        File.WriteAllBytes(file, whole[..(whole.Length * 2 / 3)]);
        try
        {
            var result = DdloProcess.Run("evaluate", "--scenario", Wpmec, "--dataset", file, "--policy", "local");

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith($"ddlo: error: {file}: the gzip file is damaged or cut short", result.Stderr, StringComparison.Ordinal);
            Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<string[], string> PortsInUse() => new()
    {
        { ["node", "--role", "all", "--port", "{port}", "--steps", "10"], "ddlo: error: --port {port}: already in use on 127.0.0.1 (another ddlo node?); choose another port, or 0 for any free one." },
        { ["node", "--role", "edge", "--management-port", "{port}"], "ddlo: error: --management-port {port}: cannot serve metrics there" },
        { ["simulate", "--steps", "10", "--metrics-port", "{port}"], "ddlo: error: --metrics-port {port}: cannot serve metrics there" },
    };

    /// <summary>A port another process holds is refused at once, in one line, before any results folder is made.</summary>
    [Theory]
    [MemberData(nameof(PortsInUse))]
    public void Should_refuse_a_port_in_use_at_once_and_leave_no_results_folder(string[] args, string message)
    {
        var held = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        held.Start();
        string output = Path.Combine(Path.GetTempPath(), $"ddlo-port-{Guid.NewGuid():N}");
        try
        {
            string port = ((System.Net.IPEndPoint)held.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var running = DdloProcess.Start([.. args.Select(a => a.Replace("{port}", port, StringComparison.Ordinal)), "--out", output]);
            var result = running.WaitForExit(TimeSpan.FromSeconds(30));

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith(message.Replace("{port}", port, StringComparison.Ordinal), result.Stderr.Trim(), StringComparison.Ordinal);
            Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(Directory.Exists(output), "a refused run must not leave a results folder behind");
        }
        finally
        {
            held.Stop();
        }
    }

    [Fact]
    public void Should_stop_a_run_whose_training_keeps_failing_and_say_why_without_a_trace()
    {
        string output = Path.Combine(Path.GetTempPath(), $"ddlo-restarts-{Guid.NewGuid():N}");
        try
        {
            using var running = DdloProcess.Start("simulate", "--set", "learning.learning-rate=1e300", "--steps", "5000", "--out", output, "--json");
            var result = running.WaitForExit(TimeSpan.FromMinutes(2));

            Assert.True(result.ExitCode == 2, result.ToString());
            string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("ddlo: error: the DNNs restarted 101 times (more than ddlo.run.max-dnn-restarts = 100)", lines[^1], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            // Every other line is one logged event (a restart, the run stopping), never a trace's continuation.
            Assert.All(lines[..^1], line => Assert.Matches(@"^\[[0-9:]+ (WRN|ERR)\] ", line));
            Assert.Contains(lines, line => line.Contains("DNN 0 restarted with its last good weights", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(output, "scenario.conf")), "the run's folder keeps its settings");
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public void Should_name_the_file_of_a_scenario_with_a_syntax_error()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddlo-bad-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "ddlo.system { devices = 3 \n tasks-per-device = [1, 2 \n");
        try
        {
            var result = DdloProcess.Run("solve", "--workload", Sizes, "--scenario", file);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"ddlo: error: {file}: not valid HOCON", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Should_warn_when_a_policy_beats_a_data_sets_q_opt_because_that_q_opt_is_not_the_optimum()
    {
        // Line 2 keeps a consistent q_opt, but for the all-local decision: exhaustive search beats it.
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "samples/data/opt-3x3-150mbps.csv")).Take(4).ToList();
        string sizes = string.Join(',', lines[1].Split(',')[..9]);
        var local = DdloProcess.Run("solve", "--scenario", "hocon/scenarios/paper-3x3.conf", "--workload", sizes, "--decision", "000000000", "--json");
        Assert.True(local.ExitCode == 0, local.ToString());
        double q = local.Json.GetProperty("q").GetDouble();
        lines[1] = $"{sizes},{q.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},0,0,0,0,0,0,0,0,0";
        string file = Path.Combine(Path.GetTempPath(), $"ddlo-notopt-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(file, lines);
        try
        {
            var result = DdloProcess.Run("evaluate", "--scenario", "hocon/scenarios/paper-3x3.conf", "--dataset", file, "--policy", "exhaustive", "--json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(1, result.Json.GetProperty("rows_above_optimum").GetInt32());
            Assert.Equal(
                $"warning: {file}: 1 row(s) score a gain ratio above 1 (first at line 2): the file's q_opt is not the optimum of this scenario, so its gain ratios overstate the policy.",
                result.Stderr.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Should_report_a_malformed_data_set_row_by_its_line_number()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddlo-bad-{Guid.NewGuid():N}.csv");
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "samples/data/opt-3x3-150mbps.csv")).Take(5).ToList();
        lines[3] = lines[3].Replace(lines[3].Split(',')[2], "x", StringComparison.Ordinal);
        File.WriteAllLines(file, lines);
        try
        {
            var result = DdloProcess.Run("evaluate", "--scenario", "hocon/scenarios/paper-3x3.conf", "--dataset", file);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{file}:4: column 'd", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("'x' is not a number", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
