namespace Keyhold.Protocol.Authentication;

/// <summary>
/// The <c>Credential</c> of a SigV4 Authorization header: <c>AccessKeyId/Date/Region/Service/aws4_request</c>.
/// The region is the one the caller addressed, so it is also the region Keyhold builds ARNs with.
/// </summary>
/// <param name="AccessKeyId">The access key the caller claims; the caller of the parser decides whether it exists.</param>
/// <param name="Date">The scope date, <c>yyyyMMdd</c>, equal to the date part of the request timestamp.</param>
/// <param name="Region">The signing region, e.g. <c>us-east-1</c>.</param>
/// <param name="Service">The signing service; the one the parser was asked to accept (<c>kms</c>, or <c>sts</c> on the STS path).</param>
public sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service);
