using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Keyhold.Crypto.Asymmetric;

namespace Keyhold.Bench;

/// <summary>
/// <c>sign-primitive SECONDS THREADS</c>: in-process signatures per second (the library's ceiling on this machine).
/// <c>sign-http ENDPOINT CREDENTIALS_FILE SECONDS CONCURRENCY</c>: Sign requests per second and latency percentiles
/// through the AWS SDK against a running server (SigV4, authorization and auditing on, as in production).
/// </summary>
internal static class Program
{
    private static readonly (string Spec, string Algorithm)[] Cases =
    [
        ("ECC_NIST_P256", "ECDSA_SHA_256"),
        ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256"),
    ];

    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["sign-primitive", var seconds, var threads]:
                SignPrimitive(TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), int.Parse(threads, CultureInfo.InvariantCulture));
                return 0;
            case ["sign-http", var endpoint, var credentials, var seconds, var concurrency]:
                await SignHttpAsync(new Uri(endpoint), credentials, TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), int.Parse(concurrency, CultureInfo.InvariantCulture)).ConfigureAwait(false);
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: sign-primitive SECONDS THREADS | sign-http ENDPOINT CREDENTIALS_FILE SECONDS CONCURRENCY").ConfigureAwait(false);
                return 2;
        }
    }

    private static void SignPrimitive(TimeSpan duration, int threads)
    {
        var digest = SHA256.HashData("benchmark"u8);
        foreach (var (spec, algorithm) in Cases)
        {
            using var key = AsymmetricKey.Import(spec, AsymmetricKey.GeneratePrivateKey(spec));
            long total = 0;
            var stopwatch = Stopwatch.StartNew();
            Parallel.For(0, threads, _ =>
            {
                long count = 0;
                while (stopwatch.Elapsed < duration)
                {
                    key.Sign(algorithm, "DIGEST", digest);
                    count++;
                }

                Interlocked.Add(ref total, count);
            });
            Console.WriteLine($"primitive {spec,-14} {algorithm,-26} {total / stopwatch.Elapsed.TotalSeconds,10:F0} signs/s ({threads} threads)");
        }
    }

    private static async Task SignHttpAsync(Uri endpoint, string credentialsFile, TimeSpan duration, int concurrency)
    {
        if (!new CredentialProfileStoreChain(credentialsFile).TryGetAWSCredentials("keyhold", out var credentials))
        {
            throw new InvalidOperationException($"No profile keyhold in {credentialsFile}.");
        }

        using var client = CreateClient(endpoint, credentials);
        var digest = new MemoryStream(SHA256.HashData("benchmark"u8));
        foreach (var (spec, algorithm) in Cases)
        {
            var key = (await client.CreateKeyAsync(new CreateKeyRequest { KeySpec = spec, KeyUsage = KeyUsageType.SIGN_VERIFY }).ConfigureAwait(false)).KeyMetadata.KeyId;
            var latencies = new List<double>[concurrency];
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                var mine = latencies[worker] = [];
                var message = SHA256.HashData("benchmark"u8);
                while (stopwatch.Elapsed < duration)
                {
                    var started = Stopwatch.GetTimestamp();
                    await client.SignAsync(new SignRequest { KeyId = key, Message = new MemoryStream(message), MessageType = MessageType.DIGEST, SigningAlgorithm = algorithm }).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            })).ConfigureAwait(false);
            var all = latencies.SelectMany(l => l).Order().ToArray();
            Console.WriteLine(
                $"http      {spec,-14} {algorithm,-26} {all.Length / stopwatch.Elapsed.TotalSeconds,10:F0} signs/s ({concurrency} concurrent) p50 {all[all.Length / 2]:F2} ms p99 {all[(int)(all.Length * 0.99)]:F2} ms");
        }

        digest.Dispose();
    }

    private static AmazonKeyManagementServiceClient CreateClient(Uri endpoint, AWSCredentials credentials) => new(credentials, new AmazonKeyManagementServiceConfig
    {
        ServiceURL = endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });
}
