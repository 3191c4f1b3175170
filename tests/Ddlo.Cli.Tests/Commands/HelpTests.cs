namespace Ddlo.Cli.Tests.Commands;

/// <summary>Every command's help renders: option descriptions are Spectre markup, where a bare [..] is a style tag.</summary>
public sealed class HelpTests
{
    private static readonly string[][] Invocations =
    [
        ["--help"],
        ["simulate", "--help"],
        ["experiment", "--help"],
        ["node", "--help"],
        ["export", "--help"],
        ["decide", "--help"],
        ["bench", "--help"],
        ["bench", "model", "--help"],
        ["bench", "platform", "--help"],
        ["bench", "cluster", "--help"],
        ["solve", "--help"],
        ["serve", "--help"],
        ["evaluate", "--help"],
    ];

    public static TheoryData<string[]> Commands => new(Invocations);

    [Theory]
    [MemberData(nameof(Commands))]
    public void Should_print_the_help_of_every_command_without_a_crash(string[] args)
    {
        var result = DdloProcess.Run(args);

        Assert.True(result.ExitCode == 0, $"ddlo {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        Assert.Contains("USAGE:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_every_command_the_tests_above_cover()
    {
        var listed = DdloProcess.Run("--help").Stdout.Split('\n')
            .SkipWhile(line => !line.StartsWith("COMMANDS:", StringComparison.Ordinal)).Skip(1)
            .Where(line => line.Length > 4 && line[4] != ' ')
            .Select(line => line.Trim().Split(' ')[0]);

        Assert.Equal(Invocations.Select(args => args[0]).Where(c => c != "--help").Distinct().Order(), listed.Order());
    }
}
