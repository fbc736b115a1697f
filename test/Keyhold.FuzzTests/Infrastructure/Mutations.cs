using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Keyhold.FuzzTests.Infrastructure;

/// <summary>Byte- and text-level mutators: the classic fuzzer moves applied to a valid input.</summary>
internal static class Mutations
{
    /// <summary>Fragments that tend to break parsers when spliced into text.</summary>
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", "\\", ":", ",", "\\u0000", "\\ud800", "\\udfff", "\\uDBFF\\uDFFF", "1e999999",
        "-0", "99999999999999999999999999999999", "NaN", "null", "true", "\u0000", "\u202e", "\uFEFF", "\ud83d\ude00",
        "%", "%zz", "%00", "/", "..", "*", "?", "$", "${", "${aws:username}", "=", ";", " ", "\t", "\r\n",
    ];

    /// <summary>Random bytes, mostly short, sometimes long.</summary>
    public static Gen<byte[]> RandomBytes(int maxLength) =>
        from length in Gen.Frequency((4, Gen.Choose(0, 64)), (1, Gen.Choose(0, maxLength)))
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    /// <summary>One to eight mutations of <paramref name="input"/>; the input itself is not changed.</summary>
    public static Gen<byte[]> Mutate(byte[] input) =>
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        select MutateWith(new Random(seed), input);

    /// <summary>As <see cref="Mutate(byte[])"/> on the UTF-8 of <paramref name="input"/>, decoded again (bad bytes become U+FFFD).</summary>
    public static Gen<string> Mutate(string input) =>
        from bytes in Mutate(Encoding.UTF8.GetBytes(input))
        select Encoding.UTF8.GetString(bytes);

    private static byte[] MutateWith(Random random, byte[] input)
    {
        var data = new List<byte>(input);
        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 16)));
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 4 when data.Count > 0:
                    var length = Math.Min(data.Count - at, random.Next(1, 32));
                    data.InsertRange(at, data.GetRange(at, length));
                    break;
                default:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
            }
        }

        return [.. data];
    }
}
