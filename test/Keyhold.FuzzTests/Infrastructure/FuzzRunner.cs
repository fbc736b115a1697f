using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Keyhold.FuzzTests.Infrastructure;

/// <summary>
/// Runs one fuzz target over inputs drawn from an FsCheck generator with a fixed seed, so a CI failure replays
/// locally. Each input must finish within <see cref="InputTimeout"/> and allocate at most
/// <see cref="AllocationBudgetBytes"/>, and may only throw what <c>isDocumented</c> accepts.
/// </summary>
/// <remarks>
/// <c>KEYHOLD_FUZZ_ITERATIONS</c> raises the number of inputs per target for a longer local run;
/// <c>KEYHOLD_FUZZ_SEED</c> explores other inputs. A failure prints the input so it can join <c>Corpus/</c>.
/// </remarks>
internal static class FuzzRunner
{
    /// <summary>Inputs per target by default: keeps the whole project well under a minute on two cores.</summary>
    public const int DefaultIterations = 5000;

    public const ulong DefaultSeed = 0x4B65_7968_6F6C_6421;

    /// <summary>Far above any honest input's cost; an input that needs longer is a hang.</summary>
    public static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Inputs are at most a few hundred kilobytes; allocating more than this for one is a blow-up.</summary>
    public const long AllocationBudgetBytes = 64L * 1024 * 1024;

    private const int GeneratorSize = 50;

    public static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("KEYHOLD_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : DefaultIterations;

    public static ulong Seed =>
        ulong.TryParse(Environment.GetEnvironmentVariable("KEYHOLD_FUZZ_SEED"), out var seed) ? seed : DefaultSeed;

    /// <summary>Draws <see cref="Iterations"/> inputs from <paramref name="generator"/> and runs each through <paramref name="target"/>.</summary>
    public static void Run<T>(Gen<T> generator, Action<T> target, Func<Exception, bool> isDocumented, Func<T, string> describe)
    {
        var inputs = generator.Sample(Iterations, new Rnd(Seed), GeneratorSize);
        Assert.Equal(Iterations, inputs.Length);
        RunInputs(inputs, target, isDocumented, describe);
    }

    /// <summary>Runs fixed inputs (corpus files, regression cases) under the same rules as generated ones.</summary>
    public static void RunInputs<T>(IReadOnlyList<T> inputs, Action<T> target, Func<Exception, bool> isDocumented, Func<T, string> describe)
    {
        var current = -1;
        var startedAt = 0L;
        string? failure = null;
        var worker = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < inputs.Count && failure is null; i++)
                {
                    Volatile.Write(ref startedAt, Stopwatch.GetTimestamp());
                    Volatile.Write(ref current, i);
                    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    try
                    {
                        target(inputs[i]);
                    }
                    catch (Exception e) when (isDocumented(e))
                    {
                    }
                    catch (Exception e)
                    {
                        failure = $"Input {i} threw an undocumented {e.GetType().Name}: {e}\nInput: {Shorten(describe(inputs[i]))}";
                    }

                    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                    if (allocated > AllocationBudgetBytes && failure is null)
                    {
                        failure = $"Input {i} allocated {allocated:N0} bytes (budget {AllocationBudgetBytes:N0}).\nInput: {Shorten(describe(inputs[i]))}";
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        while (!worker.Wait(TimeSpan.FromMilliseconds(100)))
        {
            var index = Volatile.Read(ref current);
            if (index >= 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref startedAt)) > InputTimeout)
            {
                // The worker cannot be stopped; it is a background thread and dies with the test host.
                Assert.Fail($"Input {index} ran longer than {InputTimeout.TotalSeconds} s.\nInput: {Shorten(describe(inputs[index]))}");
            }
        }

        if (failure is not null)
        {
            Assert.Fail(failure);
        }
    }

    /// <summary>Keeps a failure message readable; a long input is better reproduced from the seed.</summary>
    private static string Shorten(string description) =>
        description.Length <= 4000 ? description : description[..4000] + $"… ({description.Length:N0} characters)";
}
