using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Keyhold.Core.Audit;
using Keyhold.Core.Storage;

namespace Keyhold.Storage.Tests.Contract;

public abstract partial class KeyholdStoreContractTests
{
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string OtherKeyArn = "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321";

    protected static readonly Sha256ChainHasher Hasher = new();

    [Fact]
    public async Task AppendAuditEvents_FirstBatch_NumbersFromOneAndLinksFromZeroHash()
    {
        var drafts = new[] { NewEvent("Encrypt"), NewEvent("Decrypt") with { KeyArn = null, ErrorCode = "AccessDeniedException", ReadOnly = true } };

        var appended = await Store.AppendAuditEventsAsync(drafts, Hasher, CancellationToken.None).WithTimeout();

        Assert.Equal([1L, 2L], appended.Select(e => e.Sequence));
        Assert.Equal(new byte[32], appended[0].PreviousHash);
        Assert.Equal(Hasher.ComputeHash(new byte[32], 1, drafts[0].Json), appended[0].Hash);
        Assert.Equal(appended[0].Hash, appended[1].PreviousHash);
        Assert.Equal(Hasher.ComputeHash(appended[0].Hash, 2, drafts[1].Json), appended[1].Hash);
        Assert.Equal(drafts, appended.Select(e => e.Event));
        AssertSameEvents(appended, await Store.ReadAuditChainAsync(0, 100, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AppendAuditEvents_SubMillisecondEventTime_ReturnsItAsStored()
    {
        var draft = NewEvent("Encrypt") with { EventTime = T0.AddTicks(1234) };

        var appended = Assert.Single(await Store.AppendAuditEventsAsync([draft], Hasher, CancellationToken.None).WithTimeout());

        Assert.Equal(draft with { EventTime = T0 }, appended.Event);
        AssertSameEvents([appended], await Store.ReadAuditChainAsync(0, 100, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AppendAuditEvents_SeveralBatches_SequencesAreGaplessAndTheChainVerifies()
    {
        var appended = new List<AuditEventRecord>();
        foreach (var size in new[] { 1, 3, 1, 5 })
        {
            appended.AddRange(await Store.AppendAuditEventsAsync([.. Enumerable.Range(0, size).Select(_ => NewEvent("Encrypt"))], Hasher, CancellationToken.None).WithTimeout());
        }

        var chain = await Store.ReadAuditChainAsync(0, 100, CancellationToken.None).WithTimeout();

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), chain.Select(e => e.Sequence));
        AssertSameEvents(appended, chain);
        AssertChainVerifies(chain);
    }

    [Fact]
    public async Task AppendAuditEvents_EmptyBatch_ReturnsEmptyAndAppendsNothing()
    {
        Assert.Empty(await Store.AppendAuditEventsAsync([], Hasher, CancellationToken.None).WithTimeout());

        Assert.Empty(await Store.ReadAuditChainAsync(0, 100, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task AppendAuditEvents_DuplicateEventId_ThrowsConflictAndAppendsNothingOfTheBatch()
    {
        var first = await Store.AppendAuditEventsAsync([NewEvent("Encrypt")], Hasher, CancellationToken.None).WithTimeout();

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendAuditEventsAsync(
            [NewEvent("Decrypt"), NewEvent("Sign") with { EventId = first[0].Event.EventId }], Hasher, CancellationToken.None).WithTimeout());
        var next = await Store.AppendAuditEventsAsync([NewEvent("Verify")], Hasher, CancellationToken.None).WithTimeout();

        Assert.Equal(2, Assert.Single(next).Sequence);
        var chain = await Store.ReadAuditChainAsync(0, 100, CancellationToken.None).WithTimeout();
        Assert.Equal(["Encrypt", "Verify"], chain.Select(e => e.Event.EventName));
        AssertChainVerifies(chain);
    }

    [Fact]
    public async Task AppendAuditEvents_ManyAppendersOnTwoNodes_ChainIsGaplessWithoutForkAndBatchesStayContiguous()
    {
        var otherNode = OpenStore();
        await otherNode.MigrateAsync(CancellationToken.None).WithTimeout();

        var batches = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var node = i % 2 == 0 ? Store : otherNode;
            var appended = new List<IReadOnlyList<AuditEventRecord>>();
            for (var round = 0; round < 4; round++)
            {
                appended.Add(await node.AppendAuditEventsAsync([NewEvent("Encrypt"), NewEvent("Decrypt"), NewEvent("Sign")], Hasher, CancellationToken.None));
            }

            return appended;
        }))).WithTimeout();

        var chain = await otherNode.ReadAuditChainAsync(0, 1000, CancellationToken.None).WithTimeout();
        Assert.Equal(Enumerable.Range(1, 16 * 4 * 3).Select(i => (long)i), chain.Select(e => e.Sequence));
        AssertChainVerifies(chain);
        var returned = batches.SelectMany(b => b).ToList();
        Assert.All(returned, batch => Assert.Equal(
            Enumerable.Range(0, 3).Select(i => batch[0].Sequence + i), batch.Select(e => e.Sequence)));
        AssertSameEvents(chain, [.. returned.SelectMany(b => b).OrderBy(e => e.Sequence)]);
    }

    [Fact]
    public async Task ReadAuditChain_AfterSequenceAndLimit_ReturnsThatPage()
    {
        var appended = await Store.AppendAuditEventsAsync([.. Enumerable.Range(0, 5).Select(_ => NewEvent("Encrypt"))], Hasher, CancellationToken.None).WithTimeout();

        var page = await Store.ReadAuditChainAsync(2, 2, CancellationToken.None).WithTimeout();

        AssertSameEvents(appended.Skip(2).Take(2).ToList(), page);
        Assert.Empty(await Store.ReadAuditChainAsync(5, 2, CancellationToken.None).WithTimeout());
    }

    [Fact]
    public async Task ListAuditEvents_EachFilter_ReturnsOnlyMatchingEventsInSequenceOrder()
    {
        var events = new[]
        {
            NewEvent("Encrypt") with { EventTime = T0 },
            NewEvent("Decrypt") with { EventTime = T0.AddSeconds(1), ErrorCode = "AccessDeniedException", PrincipalArn = Bob },
            NewEvent("CreateUser") with { EventTime = T0.AddSeconds(2), KeyArn = null, AccountId = OtherAccount, PrincipalArn = "arn:aws:iam::444455556666:root" },
            NewEvent("Encrypt") with { EventTime = T0.AddSeconds(3), KeyArn = OtherKeyArn },
            NewEvent("Decrypt") with { EventTime = T0.AddSeconds(4), ErrorCode = "NotFoundException", AccountId = string.Empty, PrincipalArn = string.Empty },
        };
        await Store.AppendAuditEventsAsync(events, Hasher, CancellationToken.None).WithTimeout();

        async Task<long[]> ListAsync(AuditQuery query) =>
            [.. (await Store.ListAuditEventsAsync(query, CancellationToken.None).WithTimeout()).Select(e => e.Sequence)];

        Assert.Equal(Sequences(1, 2, 3, 4, 5), await ListAsync(new AuditQuery()));
        Assert.Equal(Sequences(1, 2, 4), await ListAsync(new AuditQuery { AccountId = Account }));
        Assert.Equal(Sequences(1, 2, 5), await ListAsync(new AuditQuery { KeyArn = KeyArn }));
        Assert.Equal(Sequences(2), await ListAsync(new AuditQuery { PrincipalArn = Bob }));
        Assert.Equal(Sequences(2, 5), await ListAsync(new AuditQuery { EventName = "Decrypt" }));
        Assert.Equal(Sequences(2, 5), await ListAsync(new AuditQuery { ErrorsOnly = true }));
        Assert.Equal(Sequences(2, 3), await ListAsync(new AuditQuery { From = T0.AddSeconds(1), To = T0.AddSeconds(3) }));
        Assert.Equal(Sequences(4, 5), await ListAsync(new AuditQuery { From = T0.AddSeconds(3) }));
        Assert.Equal(Sequences(1), await ListAsync(new AuditQuery { To = T0.AddMilliseconds(1) }));
        Assert.Equal(Sequences(2), await ListAsync(new AuditQuery { AccountId = Account, EventName = "Decrypt", ErrorsOnly = true }));
        Assert.Empty(await ListAsync(new AuditQuery { AccountId = OtherAccount, KeyArn = KeyArn }));
    }

    [Fact]
    public async Task ListAuditEvents_AfterSequenceAndLimit_PagesThroughMatches()
    {
        var events = Enumerable.Range(0, 7).Select(i => NewEvent(i % 2 == 0 ? "Encrypt" : "Decrypt")).ToArray();
        await Store.AppendAuditEventsAsync(events, Hasher, CancellationToken.None).WithTimeout();

        var first = await Store.ListAuditEventsAsync(new AuditQuery { EventName = "Encrypt", Limit = 2 }, CancellationToken.None).WithTimeout();
        var second = await Store.ListAuditEventsAsync(new AuditQuery { EventName = "Encrypt", Limit = 2, AfterSequence = first[^1].Sequence }, CancellationToken.None).WithTimeout();

        Assert.Equal([1L, 3], first.Select(e => e.Sequence));
        Assert.Equal([5L, 7], second.Select(e => e.Sequence));
        Assert.Equal(events[6], second[^1].Event);
    }

    private static long[] Sequences(params long[] sequences) => sequences;

    protected static AuditEventDraft NewEvent(string eventName)
    {
        var eventId = Guid.NewGuid().ToString();
        return new AuditEventDraft
        {
            EventId = eventId,
            EventTime = T0,
            AccountId = Account,
            Region = Region,
            EventName = eventName,
            PrincipalArn = Alice,
            KeyArn = KeyArn,
            ReadOnly = false,
            Json = $$"""{"eventVersion":"1.08","eventID":"{{eventId}}","eventName":"{{eventName}}","userIdentity":{"arn":"{{Alice}}"},"note":"clé 🔑"}""",
        };
    }

    /// <summary>Every event links to the one before it and its hash is what the hasher computes; sequences are 1, 2, 3, ….</summary>
    private static void AssertChainVerifies(IReadOnlyList<AuditEventRecord> chain)
    {
        var previous = new byte[32];
        for (var i = 0; i < chain.Count; i++)
        {
            Assert.Equal(i + 1, chain[i].Sequence);
            Assert.Equal(previous, chain[i].PreviousHash);
            Assert.Equal(Hasher.ComputeHash(previous, chain[i].Sequence, chain[i].Event.Json), chain[i].Hash);
            previous = chain[i].Hash;
        }

        Assert.Equal(chain.Count, chain.Select(e => e.Event.EventId).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Records with byte-array members compare those by reference, so compare them by content here.</summary>
    private static void AssertSameEvents(IReadOnlyList<AuditEventRecord> expected, IReadOnlyList<AuditEventRecord> actual)
    {
        Assert.Equal(expected.Select(e => (e.Sequence, e.Event)), actual.Select(e => (e.Sequence, e.Event)));
        Assert.Equal(expected.Select(e => Convert.ToHexString(e.PreviousHash)), actual.Select(e => Convert.ToHexString(e.PreviousHash)));
        Assert.Equal(expected.Select(e => Convert.ToHexString(e.Hash)), actual.Select(e => Convert.ToHexString(e.Hash)));
    }

    /// <summary>SHA-256 over previous hash, sequence (8 bytes big-endian) and the UTF-8 JSON: the test stand-in for the server's HMAC.</summary>
    protected sealed class Sha256ChainHasher : IAuditChainHasher
    {
        public byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, string json)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(previousHash);
            Span<byte> sequenceBytes = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64BigEndian(sequenceBytes, sequence);
            hash.AppendData(sequenceBytes);
            hash.AppendData(Encoding.UTF8.GetBytes(json));
            return hash.GetHashAndReset();
        }
    }
}
