using System.Text.Json;
using Ddlo.Hosting.Results;

namespace Ddlo.Cli.Output;

/// <summary>Machine-readable output: the results' JSON form (<see cref="ResultsJson"/>), straight to stdout.</summary>
internal static class JsonOutput
{
    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ResultsJson.Options));
}
