using System.Security.Cryptography;
using Keyhold.Core.Audit;
using Keyhold.Core.Storage;

namespace Keyhold.Server.Audit;

/// <summary>
/// Walks the whole stored chain and recomputes every link: sequences must run 1, 2, 3, … without a gap, each event must
/// name the previous event's hash, and each hash must be the MAC of its event. An edited, removed, inserted or reordered
/// event is reported with the first sequence where the chain breaks.
/// </summary>
internal sealed class AuditChainVerifier(IKeyholdStore store, AuditChainHasher hasher)
{
    private const int Page = 1000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var previous = new byte[32];
        long expected = 1;
        while (true)
        {
            var page = await store.ReadAuditChainAsync(expected - 1, Page, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                if (record.Sequence != expected)
                {
                    return AuditVerification.Broken(expected - 1, expected, $"event {expected} is missing (the next stored event is {record.Sequence})");
                }

                if (!CryptographicOperations.FixedTimeEquals(record.PreviousHash, previous))
                {
                    return AuditVerification.Broken(expected - 1, expected, $"event {expected} does not follow event {expected - 1} (an event was removed, inserted or reordered)");
                }

                if (!CryptographicOperations.FixedTimeEquals(record.Hash, hasher.ComputeHash(previous, record.Sequence, record.Event.Json)))
                {
                    return AuditVerification.Broken(expected - 1, expected, $"event {expected} was changed after it was written");
                }

                previous = record.Hash;
                expected++;
            }

            if (page.Count < Page)
            {
                return new AuditVerification(true, expected - 1, Convert.ToHexStringLower(previous), null, null);
            }
        }
    }
}

/// <summary>The outcome of <see cref="AuditChainVerifier.VerifyAsync"/>.</summary>
internal sealed record AuditVerification(bool Verified, long Events, string? HeadHash, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Broken(long verified, long sequence, string problem) => new(false, verified, null, sequence, problem);
}
