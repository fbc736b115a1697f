using System.Text;

namespace Keyhold.EndToEndTests.Infrastructure;

/// <summary>Lines a child process printed, kept (up to a cap, oldest dropped) for failure messages.</summary>
internal sealed class OutputLog
{
    private const int MaxChars = 256 * 1024;
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void Append(string line)
    {
        lock (_lock)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > MaxChars)
            {
                _text.Remove(0, _text.Length - (MaxChars / 2));
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }
}
