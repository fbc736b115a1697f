namespace Keyhold.Protocol.Validation;

/// <summary>One step of a member path: a member name, or a 1-based list position (<see cref="Name"/> null).</summary>
internal readonly record struct PathSegment(string? Name, int Index);
