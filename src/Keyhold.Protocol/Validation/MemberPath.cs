using System.Globalization;
using System.Text;

namespace Keyhold.Protocol.Validation;

/// <summary>
/// The path from the request root to the value being validated, rendered the way AWS writes it in messages:
/// lowerCamelCase member names joined by dots, list positions 1-based and followed by <c>member</c>
/// (<c>tags.1.member.tagKey</c>). Kept on the stack; the string is only built when a violation is reported.
/// </summary>
internal struct MemberPath
{
    /// <summary>Deeper than any KMS input (the deepest is CreateGrant's Constraints.EncryptionContextSubset).</summary>
    public const int Capacity = 16;

    private PathSegments _segments;
    private int _depth;

    /// <summary>Adds a member name; false when the path is full (the caller then skips the subtree).</summary>
    public bool TryPush(string name) => TryPush(new PathSegment(name, 0));

    /// <summary>Adds a 1-based list position.</summary>
    public bool TryPushIndex(int index) => TryPush(new PathSegment(null, index));

    public void Pop() => _depth--;

    public override readonly string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            var segment = _segments[i];
            if (segment.Name is not null)
            {
                builder.Append(segment.Name);
            }
            else
            {
                builder.Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(".member");
            }
        }

        return builder.ToString();
    }

    private bool TryPush(PathSegment segment)
    {
        if (_depth == Capacity)
        {
            return false;
        }

        _segments[_depth++] = segment;
        return true;
    }
}
