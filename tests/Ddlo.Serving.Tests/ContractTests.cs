using Ddlo.Serving.Protocol;
using Google.Protobuf.Reflection;

namespace Ddlo.Serving.Tests;

/// <summary>
/// The committed Python stubs (samples/python/ddlo_env, made by generate.sh) hold the contracts the .NET side is
/// compiled from (proto/ddlo_env.proto, the environments; proto/ddlo_policy.proto, remote policies): every message
/// with its fields' names, numbers, types and labels, and every method.
/// </summary>
public sealed class ContractTests
{
    [Theory]
    [InlineData("ddlo_env")]
    [InlineData("ddlo_policy")]
    public void Should_give_python_the_messages_and_methods_the_dotnet_side_is_built_from(string proto)
    {
        string script = $$"""
            from ddlo_env import {{proto}}_pb2 as pb
            for m in sorted(pb.DESCRIPTOR.message_types_by_name.values(), key=lambda m: m.name):
                print(m.name, " ".join(f"{f.name}={f.number}:{f.type}:{f.label}" for f in m.fields))
            for s in pb.DESCRIPTOR.services_by_name.values():
                print(s.full_name, " ".join(f"{x.name}({x.input_type.full_name})->{x.output_type.full_name}" for x in s.methods))
            """;

        string python = PythonProcess.Run("-c", script);

        Assert.Equal(Contract(proto == "ddlo_env" ? DdloEnvReflection.Descriptor : Ddlo.Actors.Remote.Protocol.DdloPolicyReflection.Descriptor), python.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The same lines from the descriptor the .NET side was compiled with, in protobuf's own numbering.</summary>
    private static List<string> Contract(FileDescriptor file)
    {
        var lines = file.MessageTypes.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => $"{m.Name} " + string.Join(' ', m.ToProto().Field.Select(f => $"{f.Name}={f.Number}:{(int)f.Type}:{(int)f.Label}")))
            .ToList();
        lines.AddRange(file.Services.Select(s =>
            $"{s.FullName} " + string.Join(' ', s.Methods.Select(m => $"{m.Name}({m.InputType.FullName})->{m.OutputType.FullName}"))));
        return lines;
    }
}
