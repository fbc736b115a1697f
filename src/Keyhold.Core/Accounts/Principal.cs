namespace Keyhold.Core.Accounts;

/// <summary>Who a request runs as, after authentication.</summary>
public sealed record Principal(string AccountId, string Arn, string AccessKeyId);
