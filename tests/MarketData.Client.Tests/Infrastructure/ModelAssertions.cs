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
    public static void AllTimestampsAreUtc(object? model) =>
        Visit(model, "model", (path, value, _) =>
        {
            if (value is DateTimeOffset dto)
            {
                dto.Offset.Should().Be(TimeSpan.Zero, "{0} must be UTC", path);
            }
        });

    /// <summary>
    /// What every decoded reply guarantees (the fuzzer checks it on whatever it decodes): no null list element, no blank
    /// symbol or market, no timestamp left at year 1. Returns the first broken one, or null.
    /// </summary>
    public static string? BrokenInvariant(object? model)
    {
        string? broken = null;
        Visit(model, "data", (path, value, property) =>
        {
            broken ??= (property?.Name, property?.PropertyType, value) switch
            {
                (null, null, null) when path != "data" => $"{path} is a null element",
                ("Symbol", _, string s) when string.IsNullOrWhiteSpace(s) => $"{path} is blank",
                ("Market", Type t, MarketData.Client.Models.Market m) when t == typeof(MarketData.Client.Models.Market) && m.Value.Length == 0 => $"{path} is empty",
                (_, _, DateTimeOffset t) when t == default => $"{path} is year 1",
                _ => null,
            };
        });
        return broken;
    }

    /// <summary>Calls <paramref name="visit"/> with (path, value, its property or null for the root and list elements) for every node of the SDK's models.</summary>
    private static void Visit(object? model, string root, Action<string, object?, System.Reflection.PropertyInfo?> visit)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(model, root, null, seen, visit);
    }

    private static void Walk(object? value, string path, System.Reflection.PropertyInfo? property, HashSet<object> seen, Action<string, object?, System.Reflection.PropertyInfo?> visit)
    {
        visit(path, value, property);
        switch (value)
        {
            case null or string or decimal or bool or int or long or double or DateOnly or TimeOnly or Enum or DateTimeOffset or System.Text.Json.JsonElement:
                return;
            case IDictionary:
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", null, seen, visit);
                }

                return;
        }

        var type = value.GetType();
        if ((!type.IsValueType && !seen.Add(value)) || type.Namespace?.StartsWith("MarketData.Client", StringComparison.Ordinal) != true || type.IsValueType)
        {
            return;
        }

        foreach (var p in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(p.GetValue(value), $"{path}.{p.Name}", p, seen, visit);
        }
    }
}
