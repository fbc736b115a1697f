using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Keyhold.Crypto.Envelope;
using Keyhold.FuzzTests.Infrastructure;

namespace Keyhold.FuzzTests.Crypto.Envelope;

/// <summary>
/// Ciphertext blobs through <see cref="SymmetricCiphertext.TryReadHeader"/> and <see cref="SymmetricCiphertext.TryDecrypt"/>:
/// false or null for anything that is not an intact blob under the right key and context, and never an exception.
/// </summary>
public sealed class SymmetricCiphertextFuzzTests
{
    private static readonly byte[] Material = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static readonly Gen<Dictionary<string, string>?> Context = Gen.Elements<Dictionary<string, string>?>(
        null,
        [],
        new() { ["purpose"] = "test" },
        // No lone surrogates: RequestBody.Parse refuses them before a context reaches the envelope.
        new() { ["a"] = "\ud83d\ude00", ["\u00e9"] = "" },
        new() { ["k"] = new string('v', 5000) });

    /// <summary>A valid blob, the context it was made with, and a possibly mutated copy of it.</summary>
    private static readonly Gen<BlobInput> Inputs =
        from plaintext in Mutations.RandomBytes(4096)
        from version in Gen.Elements(1, 2, int.MaxValue)
        from context in Context
        from mutate in Gen.Elements(true, true, false)
        let blob = SymmetricCiphertext.Encrypt(new Guid(plaintext.Length, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), version, Material, plaintext, context)
        from candidate in mutate ? Mutations.Mutate(blob) : Gen.Constant(blob)
        from decryptContext in Gen.Frequency<Dictionary<string, string>?>((3, Gen.Constant<Dictionary<string, string>?>(context)), (1, Context))
        select new BlobInput(plaintext, blob, candidate, context, decryptContext);

    private static readonly Gen<BlobInput> RandomInputs =
        from bytes in Gen.OneOf(Mutations.RandomBytes(512), Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), SymmetricCiphertext.Overhead))
        from context in Context
        select new BlobInput([], null, bytes, context, context);

    [Fact]
    public void TryDecrypt_MutatedBlobs_ReturnNullOrThePlaintext() =>
        FuzzRunner.Run(Inputs, ReadAndDecrypt, IsDocumented, input => input.ToString());

    [Fact]
    public void TryDecrypt_RandomBytes_ReturnNull() =>
        FuzzRunner.Run(RandomInputs, ReadAndDecrypt, IsDocumented, input => input.ToString());

    private static void ReadAndDecrypt(BlobInput input)
    {
        var hasHeader = SymmetricCiphertext.TryReadHeader(input.Candidate, out var header);
        var plaintext = SymmetricCiphertext.TryDecrypt(input.Candidate, Material, input.DecryptContext);
        if (plaintext is not null)
        {
            // Authenticated decryption: only the untouched blob under its own context may come back, and whole.
            Assert.True(hasHeader);
            Assert.True(input.Original is not null && input.Candidate.AsSpan().SequenceEqual(input.Original), "A changed blob decrypted.");
            Assert.Equal(input.Plaintext, plaintext);
            Assert.True(header.MaterialVersion >= 1);
        }
        else if (input.Original is not null && input.Candidate.AsSpan().SequenceEqual(input.Original) && SameContext(input.EncryptContext, input.DecryptContext))
        {
            Assert.Fail("An intact blob under its own context did not decrypt.");
        }
    }

    private static bool SameContext(Dictionary<string, string>? a, Dictionary<string, string>? b) =>
        (a is null || a.Count == 0) && (b is null || b.Count == 0)
        || a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <summary>TryDecrypt documents no exceptions: every failure is null.</summary>
    private static readonly Func<Exception, bool> IsDocumented = static _ => false;

    internal sealed record BlobInput(
        byte[] Plaintext,
        byte[]? Original,
        byte[] Candidate,
        Dictionary<string, string>? EncryptContext,
        Dictionary<string, string>? DecryptContext)
    {
        public override string ToString() =>
            $"blob base64:{Convert.ToBase64String(Candidate)} original:{(Original is null ? "none" : Convert.ToBase64String(Original))} " +
            $"encryptContext:{Describe(EncryptContext)} decryptContext:{Describe(DecryptContext)}";

        private static string Describe(Dictionary<string, string>? context) =>
            context is null ? "null" : System.Text.Json.JsonSerializer.Serialize(context);
    }
}
