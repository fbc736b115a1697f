using System.Text.Json;

namespace Keyhold.Protocol.Validation;

/// <summary>Lists and maps.</summary>
internal ref partial struct RequestWalker
{
    /// <summary>
    /// A list: its own length first, then its elements. Structures inside are reported per element
    /// (<c>tags.1.member.tagKey</c>); scalar elements are reported once for the whole list, as AWS does:
    /// <c>Value '[a, b]' at 'grantTokens' failed to satisfy constraint: Member must satisfy constraint: [...]</c>.
    /// </summary>
    private void WalkList(ShapeModel shape, JsonElement array)
    {
        var element = shape.Element!;
        if (shape.Min is not null || shape.Max is not null)
        {
            ReportCount(shape, array, array.GetArrayLength(), element);
        }

        if (element.IsScalar)
        {
            WalkScalarElements(element, array);
            return;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (!_path.TryPushIndex(++index))
            {
                return;
            }

            if (item.ValueKind == JsonValueKind.Null)
            {
                Report(NullValue, NotNull);
            }
            else
            {
                WalkValue(element, item);
            }

            _path.Pop();
        }
    }

    private void WalkScalarElements(ShapeModel element, JsonElement array)
    {
        var failed = false;
        var sawNull = false;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                sawNull = true;
            }
            else
            {
                // Every element is read even after a failure: a later wrong type still wins.
                failed |= ScalarChecker.Check(element, item) != ScalarViolations.None;
            }
        }

        if ((failed || sawNull) && CanReport)
        {
            var shown = element.EchoesValue ? Quote(JsonText.RenderList(array, element)) : HiddenValue;
            Report(shown, "Member must satisfy constraint: " + WithNotNull(element.ConstraintList, sawNull));
        }
    }

    /// <summary>
    /// A map: its size, then its keys and values, each reported once for the whole map, keys first:
    /// <c>Value '{k=v}' at 'x' failed to satisfy constraint: Map keys must satisfy constraint: [...]</c>
    /// (Lambda, EventBridge and DynamoDB messages). KMS's maps (encryption contexts) constrain neither.
    /// </summary>
    private void WalkMap(ShapeModel shape, JsonElement map)
    {
        var key = shape.Key!;
        var value = shape.Value!;
        if (shape.Min is not null || shape.Max is not null)
        {
            var count = 0;
            foreach (var unused in map.EnumerateObject())
            {
                count++;
            }

            ReportCount(shape, map, count, value);
        }

        var keyFailed = false;
        var valueFailed = false;
        var sawNull = false;
        foreach (var property in map.EnumerateObject())
        {
            if (key.HasConstraints && ScalarChecker.CheckString(key, property.Name) != ScalarViolations.None)
            {
                keyFailed = true;
            }

            var item = property.Value;
            if (item.ValueKind == JsonValueKind.Null)
            {
                sawNull = true;
            }
            else if (value.IsScalar)
            {
                valueFailed |= ScalarChecker.Check(value, item) != ScalarViolations.None;
            }
            else if (_path.TryPush(property.Name))
            {
                WalkValue(value, item);
                _path.Pop();
            }
        }

        if ((keyFailed || valueFailed || sawNull) && CanReport)
        {
            var shown = key.EchoesValue && value.EchoesValue ? Quote(JsonText.RenderMap(map, value)) : HiddenValue;
            if (keyFailed)
            {
                Report(shown, "Map keys must satisfy constraint: " + key.ConstraintList);
            }

            if (valueFailed || sawNull)
            {
                Report(shown, "Map value must satisfy constraint: " + WithNotNull(value.ConstraintList, sawNull));
            }
        }
    }

    private void ReportCount(ShapeModel shape, JsonElement collection, int count, ShapeModel element)
    {
        var violations = (shape.Min is { } min && count < min) ? ScalarViolations.BelowMin
            : (shape.Max is { } max && count > max) ? ScalarViolations.AboveMax
            : ScalarViolations.None;
        if (violations == ScalarViolations.None || !CanReport)
        {
            return;
        }

        var shown = element.EchoesValue ? Quote(JsonText.Render(collection, shape)) : HiddenValue;
        Report(shown, violations == ScalarViolations.BelowMin ? shape.MinText! : shape.MaxText!);
    }

    /// <summary>
    /// A null element or map value breaks the implicit not-null constraint, which AWS lists last
    /// (Lambda: <c>[Member must satisfy enum value set: [x86_64, arm64], Member must not be null]</c>).
    /// </summary>
    private static string WithNotNull(string constraintList, bool sawNull) =>
        !sawNull ? constraintList
        : constraintList == "[]" ? "[" + NotNull + "]"
        : string.Concat(constraintList.AsSpan(0, constraintList.Length - 1), ", ", NotNull, "]");
}
