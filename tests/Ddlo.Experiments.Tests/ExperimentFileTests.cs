using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments.Tests;

/// <summary>Experiment files that nest, loop or repeat themselves.</summary>
public sealed class ExperimentFileTests : IDisposable
{
    private const string Convergence = """
        experiment {
          kind = convergence
          sweep { key = learning.learning-rate, values = [VALUES] }
          repetitions = 1
          steps = 100
        }
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-experiment-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Should_name_the_files_of_an_include_cycle()
    {
        Write("a.conf", "experiment { include = [b.conf] }");
        Write("b.conf", "experiment { include = [c.conf] }");
        Write("c.conf", "experiment { include = [a.conf] }");

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(Path.Combine(directory, "a.conf"), quick: false));

        Assert.Equal($"{Path.Combine(directory, "c.conf")}: experiment.include: the includes form a cycle: a.conf -> b.conf -> c.conf -> a.conf ({directory})", error.Message);
    }

    [Fact]
    public void Should_refuse_a_file_that_includes_itself()
    {
        Write("self.conf", "experiment { include = [self.conf] }");

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(Path.Combine(directory, "self.conf"), quick: false));

        Assert.Contains("the includes form a cycle: self.conf -> self.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_the_experiments_of_a_suite_included_by_a_suite()
    {
        Write("one.conf", Convergence.Replace("VALUES", "0.1, 0.01", StringComparison.Ordinal));
        Write("two.conf", Convergence.Replace("VALUES", "0.001", StringComparison.Ordinal));
        Write("inner.conf", "experiment { include = [two.conf] }");
        Write("outer.conf", "experiment { include = [one.conf, inner.conf] }");

        var suite = ExperimentFile.Load(Path.Combine(directory, "outer.conf"), quick: false);

        Assert.Equal(["one", "two"], suite.Plans.Select(p => p.Name));
    }

    [Theory]
    [InlineData("0.1, 0.01, 0.1", "ddlo.learning.learning-rate = 0.1 is swept twice ('0.1' and '0.1')")]
    [InlineData("0.01, 1e-2", "ddlo.learning.learning-rate = 1e-2 is swept twice ('0.01' and '1e-2')")]
    [InlineData("0.1, 0.10", "ddlo.learning.learning-rate = 0.10 is swept twice")]
    public void Should_refuse_a_value_swept_twice_naming_it(string values, string problem)
    {
        string file = Write("dup.conf", Convergence.Replace("VALUES", values, StringComparison.Ordinal));

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(file, quick: false));

        Assert.StartsWith($"{file}: experiment.sweep.values: {problem}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("figures { widht = 700 }", "experiment.figures.widht: unknown key; figures takes width, height, titles, svg")]
    [InlineData("figures { width = 100 }", "experiment.figures.width: expected a whole number of pixels in [200, 8000], got '100'")]
    [InlineData("figures { titles = no }", "experiment.figures.titles: expected on | off, got 'no'")]
    [InlineData("figures = big", "experiment.figures: expected a block such as figures { width = 1200, titles = off }")]
    public void Should_refuse_figure_settings_it_cannot_draw_naming_the_key(string figures, string problem)
    {
        string file = Write("figures.conf", Convergence.Replace("VALUES", "0.1", StringComparison.Ordinal).Replace("steps = 100", "steps = 100\n" + figures, StringComparison.Ordinal));

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(file, quick: false));

        Assert.Equal($"{file}: {problem}", error.Message);
    }

    [Theory]
    [InlineData("policies = []", "experiment.policies: expected at least one policy, such as [ddlo, edge]")]
    [InlineData("policies = [ddlo, edge, edge]", "experiment.policies: 'edge' is listed twice; each policy is one row of the results, so list it once")]
    public void Should_refuse_a_list_of_policies_without_one_or_with_one_twice(string policies, string problem)
    {
        string file = Write("policies.conf", Convergence.Replace("VALUES", "0.1", StringComparison.Ordinal).Replace("steps = 100", "steps = 100\n" + policies, StringComparison.Ordinal));

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(file, quick: false));

        Assert.Equal($"{file}: {problem}", error.Message);
    }

    [Fact]
    public void Should_read_the_figure_settings_over_the_defaults()
    {
        string file = Write("figures.conf", Convergence.Replace("VALUES", "0.1", StringComparison.Ordinal).Replace("steps = 100", "steps = 100\nfigures { width = 700, svg = off }", StringComparison.Ordinal));

        var plan = Assert.Single(ExperimentFile.Load(file, quick: false).Plans);

        Assert.Equal(FigureSettings.Default with { Width = 700, Svg = false }, plan.Figures);
    }

    private string Write(string name, string text)
    {
        string file = Path.Combine(directory, name);
        File.WriteAllText(file, text);
        return file;
    }
}
