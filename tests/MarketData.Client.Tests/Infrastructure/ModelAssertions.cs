using System.Collections;
using System.Globalization;
using FluentAssertions.Equivalency;

namespace MarketData.Client.Tests.Infrastructure;

/// <summary>Assertions on decoded models.</summary>
internal static class ModelAssertions
{
    public static DateTimeOffset Ms(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    public static DateTimeOffset Sec(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    /// <summary>Member-by-member equivalence (records too), collections in order.</summary>
    public static EquivalencyAssertionOptions<T> Strictly<T>(EquivalencyAssertionOptions<T> options) =>
        options.ComparingRecordsByMembers().WithStrictOrdering().RespectingRuntimeTypes();

    /// <summary>Asserts <paramref name="actual"/> equals <paramref name="expected"/> member by member, and every timestamp in it is UTC.</summary>
    public static void ShouldMatch<T>(this T actual, T expected)
    {
        actual.Should().BeEquivalentTo(expected, Strictly);
        AllTimestampsAreUtc(actual);
    }

    /// <summary>The decimal exactly as the server wrote it (value and scale): no rounding through double.</summary>
    public static void ShouldBeExactly(this decimal? actual, string text)
    {
        actual.Should().NotBeNull();
        actual!.Value.ToString(CultureInfo.InvariantCulture).Should().Be(text);
    }

    /// <summary>The decimal exactly as the server wrote it (value and scale): no rounding through double.</summary>
    public static void ShouldBeExactly(this decimal actual, string text) => ((decimal?)actual).ShouldBeExactly(text);

    /// <summary>Walks the object graph: every <see cref="DateTimeOffset"/> must have offset zero.</summary>
    public static void AllTimestampsAreUtc(object? model)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(model, "model", seen);
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        switch (value)
        {
            case null:
                return;
            case DateTimeOffset dto:
                dto.Offset.Should().Be(TimeSpan.Zero, "{0} must be UTC", path);
                return;
            case string or decimal or bool or int or long or double or DateOnly or TimeOnly or Enum:
                return;
            case System.Text.Json.JsonElement:
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", seen);
                }

                return;
        }

        var type = value.GetType();
        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (type.Namespace?.StartsWith("MarketData.Client", StringComparison.Ordinal) != true)
        {
            return;
        }

        foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.GetValue(value), $"{path}.{property.Name}", seen);
        }
    }
}
