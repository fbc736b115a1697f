namespace Keyhold.Cli.Client;

/// <summary>A user-facing command failure: printed as one line, exit code 1, no stack trace.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
