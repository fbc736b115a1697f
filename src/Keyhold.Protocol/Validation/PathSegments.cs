using System.Runtime.CompilerServices;

namespace Keyhold.Protocol.Validation;

/// <summary>Fixed inline storage for <see cref="MemberPath"/>, so tracking the path allocates nothing.</summary>
[InlineArray(MemberPath.Capacity)]
internal struct PathSegments
{
    private PathSegment _element0;
}
