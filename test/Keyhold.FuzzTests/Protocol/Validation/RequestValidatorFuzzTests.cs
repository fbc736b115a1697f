using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Keyhold.Core.Errors;
using Keyhold.FuzzTests.Infrastructure;
using Keyhold.Protocol.Validation;

namespace Keyhold.FuzzTests.Protocol.Validation;

/// <summary>
/// Request bodies through <see cref="RequestBody.Parse"/> and <see cref="RequestValidator"/>, as the endpoint runs them: every input is accepted or
/// refused with a 4xx <see cref="KmsException"/>, never anything else.
/// </summary>
public sealed class RequestValidatorFuzzTests
{
    private const string CorpusName = "request-bodies";

    private static readonly Gen<(string Operation, byte[] Body)> StructuralInputs =
        from operation in Gen.Elements(RequestBodies.Operations)
        from members in RequestBodies.Mutated(operation)
        select (operation, Encoding.UTF8.GetBytes(RequestBodies.Render(members)));

    private static readonly Gen<(string Operation, byte[] Body)> ByteInputs =
        from input in StructuralInputs
        from body in Mutations.Mutate(input.Body)
        select (input.Operation, body);

    private static readonly Gen<(string Operation, byte[] Body)> RandomInputs =
        from operation in Gen.Elements(RequestBodies.Operations)
        from body in Mutations.RandomBytes(4096)
        select (operation, body);

    [Fact]
    public void Validate_StructurallyMutatedBodies_ThrowOnlyClientErrors() =>
        FuzzRunner.Run(StructuralInputs, ParseAndValidate, IsDocumented, Describe);

    [Fact]
    public void Validate_ByteMutatedBodies_ThrowOnlyClientErrors() =>
        FuzzRunner.Run(ByteInputs, ParseAndValidate, IsDocumented, Describe);

    [Fact]
    public void Validate_RandomBytes_ThrowOnlyClientErrors() =>
        FuzzRunner.Run(RandomInputs, ParseAndValidate, IsDocumented, Describe);

    public static TheoryData<string> CorpusFiles => Corpus.Files(CorpusName);

    /// <summary>Corpus file names are <c>Operation.name.json</c>.</summary>
    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Validate_CorpusInput_ThrowsOnlyClientErrors(string file) =>
        FuzzRunner.RunInputs([(file.Split('.')[0], Corpus.Read(CorpusName, file))], ParseAndValidate, IsDocumented, Describe);

    private static void ParseAndValidate((string Operation, byte[] Body) input)
    {
        using var document = RequestBody.Parse(input.Body);
        RequestValidator.Validate(input.Operation, document.RootElement);
    }

    private static bool IsDocumented(Exception e) => e is KmsException { StatusCode: >= 400 and < 500 };

    private static string Describe((string Operation, byte[] Body) input) =>
        $"{input.Operation} base64:{Convert.ToBase64String(input.Body)}";
}
