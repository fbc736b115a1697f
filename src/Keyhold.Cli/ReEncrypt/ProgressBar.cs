using System.Globalization;

namespace Keyhold.Cli.ReEncrypt;

/// <summary>
/// A one-line progress bar redrawn in place with '\r' at most ten times a second. Only for a terminal: the caller
/// creates one only when standard error is not redirected, so logs and pipes never get control characters.
/// </summary>
internal sealed class ProgressBar(TextWriter terminal, long? total, TimeProvider time)
{
    private const int Width = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private long _lastDrawn = long.MinValue;
    private int _drawnLength;

    public void Update(long done, long failed)
    {
        var now = time.GetTimestamp();
        if (_drawnLength > 0 && time.GetElapsedTime(_lastDrawn, now) < Interval && done != total)
        {
            return;
        }

        _lastDrawn = now;
        var failedText = failed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {failed} failed") : string.Empty;
        string text;
        if (total is > 0 and var all)
        {
            var filled = (int)(Width * Math.Min(done, all) / all);
            text = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{all} lines{failedText}");
        }
        else
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{done} lines{failedText}");
        }

        terminal.Write('\r' + text.PadRight(_drawnLength));
        terminal.Flush();
        _drawnLength = text.Length;
    }

    /// <summary>Erases the bar, before another line is written to the terminal or when the run ends.</summary>
    public void Clear()
    {
        if (_drawnLength == 0)
        {
            return;
        }

        terminal.Write('\r' + new string(' ', _drawnLength) + '\r');
        terminal.Flush();
        _drawnLength = 0;
    }
}
