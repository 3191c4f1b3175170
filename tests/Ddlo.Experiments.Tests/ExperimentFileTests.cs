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

    private string Write(string name, string text)
    {
        string file = Path.Combine(directory, name);
        File.WriteAllText(file, text);
        return file;
    }
}
