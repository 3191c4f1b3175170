using System.Xml.Linq;

namespace Ddlo.Experiments.Tests;

/// <summary>The libraries depend one way: Core ← Learning ← Actors ← Hosting ← Experiments ← Serving ← Cli, and no library sees another's internals.</summary>
public sealed class ProjectLayoutTests
{
    private static readonly string[] Order = ["Ddlo.Core", "Ddlo.Learning", "Ddlo.Actors", "Ddlo.Hosting", "Ddlo.Experiments", "Ddlo.Serving", "Ddlo.Cli"];

    [Fact]
    public void Should_reference_only_projects_below_each_one_in_the_layering()
    {
        foreach (string project in Order)
        {
            int level = Array.IndexOf(Order, project);
            foreach (string reference in ProjectReferences(project))
            {
                Assert.True(Array.IndexOf(Order, reference) is >= 0 and var at && at < level, $"{project} references {reference}, which is not below it in {string.Join(" <- ", Order)}");
            }
        }
    }

    [Fact]
    public void Should_open_no_library_internals_to_another_library_or_the_command_line()
    {
        foreach (string project in Order)
        {
            var friends = Project(project).Descendants("InternalsVisibleTo").Select(e => (string)e.Attribute("Include")!).ToList();
            Assert.All(friends, friend => Assert.True(
                friend.EndsWith(".Tests", StringComparison.Ordinal) || friend == "Ddlo.Benchmarks",
                $"{project} opens its internals to {friend}: only test projects and the benchmarks may see them"));
        }
    }

    private static IEnumerable<string> ProjectReferences(string project) =>
        Project(project).Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(((string)e.Attribute("Include")!).Replace('\\', '/')));

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(Repository.Root, "src", name, name + ".csproj"));
}
