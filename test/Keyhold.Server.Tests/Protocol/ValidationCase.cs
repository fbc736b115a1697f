namespace Keyhold.Server.Tests.Protocol;

/// <summary>One request of the validation matrix: the body to send and the ValidationException message AWS would answer.</summary>
internal sealed record ValidationCase(string Name, string Operation, string Body, string Message);
