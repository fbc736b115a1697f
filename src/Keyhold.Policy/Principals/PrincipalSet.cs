namespace Keyhold.Policy.Principals;

/// <summary>
/// The parsed Principal or NotPrincipal element of a key policy statement, and how it matches a caller
/// (<see cref="PrincipalMatch.Direct"/> for the caller itself, <c>*</c> or the account's root;
/// <see cref="PrincipalMatch.Account"/> for another principal of a listed account).
/// </summary>
internal sealed class PrincipalSet
{
    private readonly PrincipalEntry[] _entries;
    private readonly bool _negated;

    public PrincipalSet(PrincipalEntry[] entries, bool negated)
    {
        _entries = entries;
        _negated = negated;
    }

    public PrincipalMatch Match(string callerArn, string callerAccount)
    {
        var best = PrincipalMatch.None;
        foreach (var entry in _entries)
        {
            var match = MatchEntry(entry, callerArn, callerAccount);
            if (match > best)
            {
                best = match;
                if (best == PrincipalMatch.Direct)
                {
                    break;
                }
            }
        }

        // NotPrincipal applies to every caller it does not list; a caller in a listed account counts as listed.
        if (_negated)
        {
            return best == PrincipalMatch.None ? PrincipalMatch.Direct : PrincipalMatch.None;
        }

        return best;
    }

    private static PrincipalMatch MatchEntry(in PrincipalEntry entry, string callerArn, string callerAccount)
    {
        switch (entry.Kind)
        {
            case PrincipalEntryKind.Everyone:
                return PrincipalMatch.Direct;
            case PrincipalEntryKind.Account:
                if (!string.Equals(entry.Account, callerAccount, StringComparison.Ordinal))
                {
                    return PrincipalMatch.None;
                }

                return PrincipalArns.IsAccountRoot(callerArn, entry.Account) ? PrincipalMatch.Direct : PrincipalMatch.Account;
            case PrincipalEntryKind.Arn:
                return string.Equals(entry.Value, callerArn, StringComparison.Ordinal) ? PrincipalMatch.Direct : PrincipalMatch.None;
            case PrincipalEntryKind.Role:
                return string.Equals(entry.RoleArn, callerArn, StringComparison.Ordinal)
                    || PrincipalArns.IsSessionOfRole(callerArn, entry.Account, entry.Value)
                    ? PrincipalMatch.Direct
                    : PrincipalMatch.None;
            default:
                return PrincipalMatch.None;
        }
    }
}
