using System.Diagnostics;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>
/// A size-limited tmpfs mounted on a directory for as long as the test runs, so the disk can really fill up. Mounting
/// needs root (CI runs as root); anywhere else the test fails with a message saying so rather than being skipped.
/// </summary>
public sealed class SmallFilesystem : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private SmallFilesystem(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The file <see cref="FillAsync"/> writes to take up the free space.</summary>
    public string FillerPath => System.IO.Path.Combine(Path, "filler");

    public static async Task<SmallFilesystem> MountAsync(string path, int megabytes)
    {
        Assert.True(
            Environment.IsPrivilegedProcess,
            "The disk-full test mounts a size-limited tmpfs and must run as root (as CI does); it is never skipped.");
        Directory.CreateDirectory(path);
        var mount = new ProcessStartInfo("mount") { ArgumentList = { "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path } };
        var result = await ProcessRunner.RunAsync(mount, TestTimeouts.ProcessExit);
        Assert.True(result.ExitCode == 0, $"mount -t tmpfs on {path} failed, so the disk-full test cannot run (it needs root and mount permission):\n{result.Describe()}");
        return new SmallFilesystem(path);
    }

    /// <summary>Writes <see cref="FillerPath"/> until the filesystem reports that no space is left; returns the bytes written.</summary>
    public async Task<long> FillAsync()
    {
        var chunk = new byte[ChunkBytes];
        long written = 0;
        await using var filler = new FileStream(FillerPath, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1);
        try
        {
            while (true)
            {
                await filler.WriteAsync(chunk);
                await filler.FlushAsync();
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: the filesystem is full. Whatever part of the last chunk fit stays.
            return written;
        }
    }

    /// <summary>Deletes the filler, giving the space back.</summary>
    public void Free() => File.Delete(FillerPath);

    public async ValueTask DisposeAsync()
    {
        var umount = new ProcessStartInfo("umount") { ArgumentList = { "-l", Path } };
        await ProcessRunner.RunAsync(umount, TestTimeouts.ProcessExit);
    }
}
