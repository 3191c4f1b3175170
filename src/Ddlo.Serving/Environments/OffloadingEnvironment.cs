using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Model;
using Ddlo.Core.Scoring;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;

namespace Ddlo.Serving.Environments;

/// <summary>
/// One environment: a scenario's slots, one after another, each priced as <c>ddlo solve</c> prices a decision (the
/// system model's exact allocation) and scored as <c>ddlo simulate</c> scores a slot (the run's oracle). Its workloads
/// come from the simulation's own sources (<see cref="SimulationSources.Generated"/>), so a reset with seed S gives
/// the slots that <c>ddlo simulate --seed S</c> decides, in order. A queueing system's devices (LyDROO) keep their
/// queues here as the device actors do: each slot opens with what arrives, and each step closes it with what the
/// decision served and spent, so the queues evolve as in <c>simulate</c> for the same decisions. Calls on one
/// environment are serialised.
/// </summary>
public sealed class OffloadingEnvironment
{
    private readonly object gate = new();
    private readonly EnvironmentTemplate template;
    private readonly ISystemModel model;
    private ITaskSource[]? sources;
    private DeviceQueues[]? queues;
    private IContextSource[]? contexts;
    private IOptimumOracle? oracle;
    private Workload? current;

    /// <summary>The index of <see cref="current"/> among the slots its sources have drawn.</summary>
    private long slot;

    /// <summary>Steps taken in this episode.</summary>
    private long step;

    private bool ended;

    public OffloadingEnvironment(long id, EnvironmentTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Id = id;
        this.template = template;
        model = template.CreateModel();
    }

    public long Id { get; }

    public EnvironmentSpec Spec => template.Spec;

    /// <summary>
    /// Starts an episode and gives its first observation. A seed restarts the workloads at slot 0 of that seed; with
    /// none, a fresh environment takes ddlo.run.seed and a used one goes on from the slot it would decide next.
    /// </summary>
    public Workload Reset(int? seed)
    {
        lock (gate)
        {
            if (seed is not null || sources is null)
            {
                var settings = template.Settings;
                var generated = SimulationSources.Generated(settings with { Run = settings.Run with { Seed = seed ?? Spec.Seed } });
                sources = [.. Enumerable.Range(0, Spec.Devices).Select(n => generated.TaskSource(new DeviceId(n)))];
                queues = generated.Queues is { } create ? [.. Enumerable.Range(0, Spec.Devices).Select(n => create(new DeviceId(n)))] : null;
                contexts = generated.Contexts is { } context ? [.. Enumerable.Range(0, Spec.Devices).Select(n => context(new DeviceId(n)))] : null;
                oracle = generated.Oracle;
                slot = 0;
                current = Draw(sources);
            }

            step = 0;
            ended = false;
            return current!;
        }
    }

    /// <summary>Refuses, as <see cref="Step"/> would, a decision this environment cannot take now; changes nothing.</summary>
    public void CheckStep(ReadOnlySpan<byte> decision)
    {
        lock (gate)
        {
            CheckReady();
            CheckBits(decision);
        }
    }

    /// <summary>
    /// Prices each of <paramref name="count"/> candidates in <paramref name="decisions"/> (one byte per bit, 0 or 1,
    /// candidate after candidate) on the current slot, as <see cref="Step"/> would price it, without moving.
    /// </summary>
    public double[] Price(ReadOnlySpan<byte> decisions, int count)
    {
        lock (gate)
        {
            CheckReady("price");
            int size = Spec.DecisionSize;
            for (int c = 0; c < count; c++)
            {
                CheckBits(decisions.Slice(c * size, size));
            }

            var values = new double[count];
            var bits = new bool[size];
            for (int c = 0; c < count; c++)
            {
                for (int i = 0; i < size; i++)
                {
                    bits[i] = decisions[(c * size) + i] == 1;
                }

                values[c] = model.Allocate(current!, OffloadDecision.FromBits(bits)).Value;
            }

            return values;
        }
    }

    /// <summary>Prices <paramref name="decision"/> (one byte per bit, 0 or 1) on the current slot and moves to the next.</summary>
    public StepOutcome Step(ReadOnlySpan<byte> decision)
    {
        lock (gate)
        {
            CheckReady();
            CheckBits(decision);
            var bits = new bool[decision.Length];
            for (int i = 0; i < bits.Length; i++)
            {
                bits[i] = decision[i] == 1;
            }

            var chosen = OffloadDecision.FromBits(bits);
            var allocation = model.Allocate(current!, chosen);
            double value = allocation.Value;
            if (queues is not null)
            {
                var service = ((IQueueingSystemModel)model).Serve(current!, chosen);
                for (int n = 0; n < queues.Length; n++)
                {
                    queues[n].Close(service.Served[n], service.Energy[n]);
                }
            }

            double optimum = oracle?.OptimalQ(slot, current!) ?? double.NaN;
            double gain = oracle is null ? double.NaN : model.Objective.GainRatio(value, optimum);
            long priced = step;
            step++;
            ended = step >= Spec.MaxSteps;
            slot++;
            current = Draw(sources!);
            return new StepOutcome(model.Objective == Objective.Minimise ? -value : value, value, optimum, gain, priced, ended, allocation.Shares, current);
        }
    }

    private void CheckReady(string call = "step")
    {
        if (current is null || sources is null)
        {
            throw EnvironmentException.Precondition($"environment {Id}: {call} before reset; reset it first.");
        }

        if (ended)
        {
            throw EnvironmentException.Precondition(
                $"environment {Id}: its episode ended at step {Spec.MaxSteps} (ddlo.run.steps; truncated); reset it before stepping again.");
        }
    }

    private void CheckBits(ReadOnlySpan<byte> decision)
    {
        if (decision.Length != Spec.DecisionSize)
        {
            throw EnvironmentException.Invalid($"environment {Id}: a decision needs {Spec.DecisionSize} bits (N*M), got {decision.Length}.");
        }

        for (int i = 0; i < decision.Length; i++)
        {
            if (decision[i] > 1)
            {
                throw EnvironmentException.Invalid($"environment {Id}: decision bit {i} is {decision[i]}; expected 0 (local) or 1 (offload).");
            }
        }
    }

    /// <summary>
    /// The next slot's reports, device by device, as the edge server gathers them; with queues, each device opens the
    /// slot (what arrives in it) and reports its data and energy queues, feature-major as the edge server orders them;
    /// with context of their own (MUMT's channels and classes), each device reports it, feature-major.
    /// </summary>
    private Workload Draw(ITaskSource[] devices)
    {
        var workload = Workload.Create(Spec.Devices, Spec.TasksPerDevice, devices.SelectMany(device => device.TasksFor(slot)));
        if (contexts is not null)
        {
            var values = contexts.Select(c => c.ContextFor(slot)).ToArray();
            return workload.WithContext(Enumerable.Range(0, values[0].Length).SelectMany(f => values.Select(v => v[f])));
        }

        if (queues is null)
        {
            return workload;
        }

        foreach (var device in queues)
        {
            device.Open(slot);
        }

        return workload.WithContext([.. queues.Select(q => q.Data), .. queues.Select(q => q.Energy)]);
    }
}
