namespace Ddlo.Experiments.Tests;

/// <summary>The checkout the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding Ddlo.Actors.sln, above the test's output folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ddlo.Actors.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Ddlo.Actors.sln not found above the test folder.");
    }
}
