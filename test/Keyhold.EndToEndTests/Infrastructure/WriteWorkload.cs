using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// Writers that keep changing a server through the AWS SDK (keys, aliases, tags, policies, Encrypt,
/// GenerateDataKey; with <c>lifecycle</c> also RotateKeyOnDemand, ScheduleKeyDeletion, CancelKeyDeletion and EnableKey)
/// and record in their <see cref="AcknowledgedWrites"/> only what the server acknowledged. Each writer
/// touches only its own keys and aliases, so its ledger is exact apart from the one request it has in flight.
/// </summary>
public sealed class WriteWorkload
{
    private const int MaxTagsPerKey = 40; // AWS allows 50 tags per key; stay below so TagResource never fails.
    private readonly AcknowledgedWrites[] _ledgers;
    private readonly SemaphoreSlim[] _gates;
    private readonly string _accountId;
    private const int MaxRotationsPerKey = 5; // Far below the on-demand rotation quota, so RotateKeyOnDemand never fails.
    private const int MinUsableKeys = 3; // ScheduleKeyDeletion leaves at least this many enabled keys to write with.
    private readonly int _seed;
    private readonly bool _lifecycle;
    private readonly ConcurrentQueue<string> _unexpectedFailures = new();
    private int _round;
    private int _acknowledged;
    private volatile bool _interrupted;

    public WriteWorkload(int writers, int seed, string accountId, bool lifecycle = false)
    {
        _lifecycle = lifecycle;
        _ledgers = [.. Enumerable.Range(1, writers).Select(i => new AcknowledgedWrites($"writer{i}"))];
        _gates = [.. _ledgers.Select(_ => new SemaphoreSlim(1, 1))];
        _seed = seed;
        _accountId = accountId;
    }

    public IReadOnlyList<AcknowledgedWrites> Ledgers => _ledgers;

    /// <summary>
    /// Runs the writers until <paramref name="writesBeforeInterrupt"/> writes have been acknowledged, then calls
    /// <paramref name="interrupt"/> (SIGKILL or SIGTERM of the server) while they keep writing, and waits for them to
    /// notice. Returns how many writes were acknowledged in this round. A write that fails before the interrupt fails the test.
    /// </summary>
    public async Task<int> RunUntilInterruptedAsync(IAmazonKeyManagementService client, int writesBeforeInterrupt, Func<Task> interrupt)
    {
        ArgumentNullException.ThrowIfNull(interrupt);
        _round++;
        _acknowledged = 0;
        _interrupted = false;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = _ledgers
            .Select((ledger, i) => Task.Run(() => WriteAsync(client, ledger, new Random(HashCode.Combine(_seed, _round, i)), writesBeforeInterrupt, reached)))
            .ToArray();
        var allWriters = Task.WhenAll(writers);

        await Task.WhenAny(reached.Task, allWriters).WaitAsync(TestTimeouts.ProcessStart);
        _interrupted = true;
        await interrupt();
        await allWriters.WaitAsync(TestTimeouts.ProcessExit);

        Assert.True(_unexpectedFailures.IsEmpty, "Writes failed while the server was running:\n" + string.Join("\n", _unexpectedFailures));
        Assert.True(reached.Task.IsCompleted, $"The writers stopped before {writesBeforeInterrupt} writes were acknowledged.");
        return _acknowledged;
    }

    /// <summary>
    /// Deep copies of the ledgers as they are between two writes: each writer is paused after its current request for
    /// as long as its ledger is copied (microseconds), then carries on. Everything in a copy was acknowledged before it was taken.
    /// </summary>
    public async Task<IReadOnlyList<AcknowledgedWrites>> CopyLedgersAsync()
    {
        var copies = new List<AcknowledgedWrites>(_ledgers.Length);
        for (var i = 0; i < _ledgers.Length; i++)
        {
            if (!await _gates[i].WaitAsync(TestTimeouts.Request))
            {
                throw new TimeoutException($"{_ledgers[i].Writer} did not finish its request within {TestTimeouts.Request.TotalSeconds:0} s.");
            }

            try
            {
                copies.Add(_ledgers[i].Copy());
            }
            finally
            {
                _gates[i].Release();
            }
        }

        return copies;
    }

    private async Task WriteAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random, int writesBeforeInterrupt, TaskCompletionSource reached)
    {
        while (true)
        {
            var gate = _gates[Array.IndexOf(_ledgers, ledger)];
            if (!await gate.WaitAsync(TestTimeouts.Request))
            {
                _unexpectedFailures.Enqueue($"{ledger.Writer}: its ledger was not released by a copy within {TestTimeouts.Request.TotalSeconds:0} s.");
                return;
            }

            try
            {
                await WriteOnceAsync(client, ledger, random);
            }
            catch (Exception ex)
            {
                // After the interrupt every kind of failure is expected (reset connection, refused connection, 500 from
                // a store that is shutting down); before it, any failure is a bug.
                if (!_interrupted)
                {
                    _unexpectedFailures.Enqueue($"{ledger.Writer}: {ex}");
                }

                return;
            }
            finally
            {
                gate.Release();
            }

            if (Interlocked.Increment(ref _acknowledged) == writesBeforeInterrupt)
            {
                reached.TrySetResult();
            }
        }
    }

    private Task WriteOnceAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        if (!ledger.Keys.Keys.Any(ledger.IsUsable))
        {
            return CreateKeyAsync(client, ledger);
        }

        if (_lifecycle)
        {
            return random.Next(100) switch
            {
                < 10 => CreateKeyAsync(client, ledger),
                < 20 => CreateAliasAsync(client, ledger, random),
                < 28 => UpdateAliasAsync(client, ledger, random),
                < 34 => TagResourceAsync(client, ledger, random),
                < 42 => PutKeyPolicyAsync(client, ledger, random),
                < 50 => RotateKeyOnDemandAsync(client, ledger, random),
                < 56 => ScheduleKeyDeletionAsync(client, ledger, random),
                < 62 => CancelKeyDeletionAsync(client, ledger, random),
                < 82 => EncryptAsync(client, ledger, random),
                _ => GenerateDataKeyAsync(client, ledger, random),
            };
        }

        return random.Next(100) switch
        {
            < 12 => CreateKeyAsync(client, ledger),
            < 27 => CreateAliasAsync(client, ledger, random),
            < 37 => UpdateAliasAsync(client, ledger, random),
            < 52 => TagResourceAsync(client, ledger, random),
            < 62 => PutKeyPolicyAsync(client, ledger, random),
            < 82 => EncryptAsync(client, ledger, random),
            _ => GenerateDataKeyAsync(client, ledger, random),
        };
    }

    private static async Task CreateKeyAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger)
    {
        var description = $"{ledger.Writer} key {ledger.NextNumber()}";
        var response = await client.CreateKeyAsync(new CreateKeyRequest
        {
            Description = description,
            Tags = [new Tag { TagKey = "writer", TagValue = ledger.Writer }],
        });
        var keyId = response.KeyMetadata.KeyId;
        ledger.Keys[keyId] = description;
        ledger.Tags[keyId] = new Dictionary<string, string> { ["writer"] = ledger.Writer };
    }

    private static async Task CreateAliasAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var name = $"alias/{ledger.Writer}-{ledger.NextNumber()}";
        var target = PickKey(ledger, random);
        await client.CreateAliasAsync(new CreateAliasRequest { AliasName = name, TargetKeyId = target });
        ledger.Aliases[name] = new AcknowledgedValue { Acknowledged = target };
    }

    private static async Task UpdateAliasAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        if (ledger.Aliases.Count == 0)
        {
            await CreateAliasAsync(client, ledger, random);
            return;
        }

        var (name, value) = ledger.Aliases.ElementAt(random.Next(ledger.Aliases.Count));
        var target = PickKey(ledger, random);
        value.Pending = target;
        await client.UpdateAliasAsync(new UpdateAliasRequest { AliasName = name, TargetKeyId = target });
        value.Acknowledged = target;
        value.Pending = null;
    }

    private static async Task TagResourceAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var keyId = PickKey(ledger, random);
        if (ledger.Tags[keyId].Count >= MaxTagsPerKey)
        {
            await EncryptAsync(client, ledger, random);
            return;
        }

        var number = ledger.NextNumber();
        var tag = new Tag { TagKey = $"tag{number}", TagValue = $"value{number}-{random.Next()}" };
        await client.TagResourceAsync(new TagResourceRequest { KeyId = keyId, Tags = [tag] });
        ledger.Tags[keyId][tag.TagKey] = tag.TagValue;
    }

    private async Task PutKeyPolicyAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var keyId = PickKey(ledger, random);
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"{{ledger.Writer}} policy {{ledger.NextNumber()}}","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{_accountId}}:root"},"Action":"kms:*","Resource":"*"}]}
            """;
        if (!ledger.Policies.TryGetValue(keyId, out var value))
        {
            value = new AcknowledgedValue();
            ledger.Policies[keyId] = value;
        }

        value.Pending = policy;
        await client.PutKeyPolicyAsync(new PutKeyPolicyRequest { KeyId = keyId, PolicyName = "default", Policy = policy });
        value.Acknowledged = policy;
        value.Pending = null;
    }

    private static async Task EncryptAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var keyId = PickKey(ledger, random);
        var plaintext = new byte[random.Next(1, 512)];
        random.NextBytes(plaintext);
        var context = new Dictionary<string, string> { ["writer"] = ledger.Writer, ["n"] = ledger.NextNumber().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var response = await client.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = new MemoryStream(plaintext), EncryptionContext = context });
        ledger.Ciphertexts.Add(new SealedData(keyId, response.CiphertextBlob.ToArray(), plaintext, context));
    }

    private static async Task GenerateDataKeyAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var keyId = PickKey(ledger, random);
        var response = await client.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = keyId, KeySpec = DataKeySpec.AES_256 });
        ledger.DataKeys.Add(new SealedData(keyId, response.CiphertextBlob.ToArray(), response.Plaintext.ToArray(), null));
    }

    private static async Task RotateKeyOnDemandAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var keyId = PickKey(ledger, random);
        var rotations = ledger.Rotations.GetValueOrDefault(keyId);
        if (rotations >= MaxRotationsPerKey)
        {
            await EncryptAsync(client, ledger, random);
            return;
        }

        await client.RotateKeyOnDemandAsync(new RotateKeyOnDemandRequest { KeyId = keyId });
        ledger.Rotations[keyId] = rotations + 1;
    }

    private static async Task ScheduleKeyDeletionAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        if (ledger.Keys.Keys.Count(ledger.IsUsable) < MinUsableKeys)
        {
            await CreateKeyAsync(client, ledger);
            return;
        }

        var keyId = PickKey(ledger, random);
        var state = SetPending(ledger, keyId, "PendingDeletion");
        await client.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = keyId, PendingWindowInDays = 7 });
        state.Acknowledged = "PendingDeletion";
        state.Pending = null;
    }

    /// <summary>CancelKeyDeletion leaves the key Disabled (as AWS does); EnableKey makes it usable again.</summary>
    private static async Task CancelKeyDeletionAsync(IAmazonKeyManagementService client, AcknowledgedWrites ledger, Random random)
    {
        var waiting = ledger.KeyStates.Where(pair => pair.Value.Pending is null && pair.Value.Acknowledged is "PendingDeletion" or "Disabled").Select(pair => pair.Key).ToList();
        if (waiting.Count == 0)
        {
            await ScheduleKeyDeletionAsync(client, ledger, random);
            return;
        }

        var keyId = waiting[random.Next(waiting.Count)];
        var state = ledger.KeyStates[keyId];
        if (state.Acknowledged == "PendingDeletion")
        {
            state.Pending = "Disabled";
            await client.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = keyId });
            state.Acknowledged = "Disabled";
            state.Pending = null;
        }

        state.Pending = "Enabled";
        await client.EnableKeyAsync(new EnableKeyRequest { KeyId = keyId });
        state.Acknowledged = "Enabled";
        state.Pending = null;
    }

    private static AcknowledgedValue SetPending(AcknowledgedWrites ledger, string keyId, string pending)
    {
        if (!ledger.KeyStates.TryGetValue(keyId, out var state))
        {
            state = new AcknowledgedValue { Acknowledged = "Enabled" };
            ledger.KeyStates[keyId] = state;
        }

        state.Pending = pending;
        return state;
    }

    /// <summary>A random key of the writer that is settled as Enabled.</summary>
    private static string PickKey(AcknowledgedWrites ledger, Random random)
    {
        var usable = ledger.Keys.Keys.Where(ledger.IsUsable).ToList();
        return usable[random.Next(usable.Count)];
    }
}
