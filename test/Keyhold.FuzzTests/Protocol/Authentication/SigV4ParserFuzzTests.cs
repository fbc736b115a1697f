using Keyhold.Core.Errors;
using Keyhold.FuzzTests.Infrastructure;
using Keyhold.Protocol.Authentication;

namespace Keyhold.FuzzTests.Protocol.Authentication;

/// <summary>
/// SigV4 headers through <see cref="SigV4Parser"/> and, where they parse, the canonical request and signature
/// check of <see cref="SigV4Verifier"/>: a request is authenticated or refused with a 4xx <see cref="KmsException"/>.
/// </summary>
public sealed class SigV4ParserFuzzTests
{
    private static readonly DateTimeOffset FarFromAnyRequest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ParseAndVerify_MutatedHeaders_ThrowOnlyClientErrors() =>
        FuzzRunner.Run(SigV4Inputs.Inputs, ParseAndVerify, IsDocumented, input => input.ToString());

    private static void ParseAndVerify(SigV4Input input)
    {
        var parsed = SigV4Parser.Parse(input.Authorization, input.AmzDate, input.Date);
        var clock = new FixedTimeProvider(input.ClockAtRequestTime ? parsed.RequestTime : FarFromAnyRequest);
        var request = new SigV4Request(input.Method, input.Path, input.Query, name => input.Headers.GetValueOrDefault(name))
        {
            Body = input.Body,
        };
        new SigV4Verifier(clock).Verify(request, parsed, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    private static bool IsDocumented(Exception e) => e is KmsException { StatusCode: >= 400 and < 500 };
}
