using Ddlo.Serving.Protocol;
using Google.Protobuf.Reflection;

namespace Ddlo.Serving.Tests;

/// <summary>
/// The committed Python stubs (samples/python/ddlo_env, made by generate.sh) hold the contract the server is compiled
/// from (proto/ddlo_env.proto): every message with its fields' names, numbers, types and labels, and every method.
/// </summary>
public sealed class ContractTests
{
    [Fact]
    public void Should_give_python_the_messages_and_methods_the_server_serves()
    {
        const string script = """
            from ddlo_env import ddlo_env_pb2 as pb
            for m in sorted(pb.DESCRIPTOR.message_types_by_name.values(), key=lambda m: m.name):
                print(m.name, " ".join(f"{f.name}={f.number}:{f.type}:{f.label}" for f in m.fields))
            for s in pb.DESCRIPTOR.services_by_name.values():
                print(s.full_name, " ".join(f"{x.name}({x.input_type.full_name})->{x.output_type.full_name}" for x in s.methods))
            """;

        string python = PythonProcess.Run("-c", script);

        Assert.Equal(Contract(), python.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The same lines from the descriptor the server was compiled with, in protobuf's own numbering.</summary>
    private static List<string> Contract()
    {
        var file = DdloEnvReflection.Descriptor;
        var lines = file.MessageTypes.OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => $"{m.Name} " + string.Join(' ', m.ToProto().Field.Select(f => $"{f.Name}={f.Number}:{(int)f.Type}:{(int)f.Label}")))
            .ToList();
        lines.AddRange(file.Services.Select(s =>
            $"{s.FullName} " + string.Join(' ', s.Methods.Select(m => $"{m.Name}({m.InputType.FullName})->{m.OutputType.FullName}"))));
        return lines;
    }
}
