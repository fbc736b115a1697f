namespace Keyhold.Server.Hosting;

/// <summary>The account created on first start (in dev mode: the account every caller acts in).</summary>
internal sealed record DefaultAccount(string AccountId);
