using Ddlo.Actors.Configuration;
using Ddlo.Actors.Remote;

namespace Ddlo.Actors.Tests.Remote;

/// <summary>Where a remote policy is served: host:port or http://host:port, as a scenario or --set gives it.</summary>
public sealed class RemoteAddressSpecs
{
    [Theory]
    [InlineData("127.0.0.1:50070", "http://127.0.0.1:50070/")]
    [InlineData(" localhost:1 ", "http://localhost:1/")]
    [InlineData("http://policy.lab:8080", "http://policy.lab:8080/")]
    [InlineData("https://policy.lab:443/", "https://policy.lab/")]
    [InlineData("[::1]:50070", "http://[::1]:50070/")]
    public void Should_take_a_host_and_port_with_or_without_a_scheme(string text, string expected)
    {
        Assert.Equal(new Uri(expected), RemotePolicy.ParseAddress(text, out string problem));
        Assert.Empty(problem);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("http://127.0.0.1")]
    [InlineData("127.0.0.1:port")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("http://127.0.0.1:50070/policy")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("")]
    public void Should_refuse_what_is_not_a_host_and_port_naming_it(string text)
    {
        Assert.Null(RemotePolicy.ParseAddress(text, out string problem));
        Assert.Equal($"expected the policy server's host:port (127.0.0.1:50070) or http://host:port, got '{text}'.", problem);
    }

    [Fact]
    public void Should_read_an_address_given_by_set_without_quotes()
    {
        var settings = Scenario.Load(null, ["remote-policy.address=127.0.0.1:50070"]).Settings;

        Assert.Equal(new Uri("http://127.0.0.1:50070"), settings.RemoteAddress);
        Assert.False(settings.Run.IsRemote);
    }

    [Fact]
    public void Should_refuse_a_bad_address_in_one_line_naming_the_key()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["remote-policy.address=http://h:1/x"]));

        Assert.Equal("--set remote-policy.address=http://h:1/x: ddlo.remote-policy.address: expected the policy server's host:port (127.0.0.1:50070) or http://host:port, got 'http://h:1/x'.", error.Message);
    }
}
