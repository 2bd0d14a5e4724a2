using System.Collections;

namespace MarketData.Client.Serialization;

/// <summary>
/// A model that names the first required field (per the contract: its symbol or market, its prices, its timestamps)
/// a reply left out or sent as null, so the reply is malformed instead of a model full of defaults.
/// </summary>
internal interface IRequiredFields
{
    /// <summary>The path of the first missing field relative to the model (".symbol", ".klines[2].open"), or null.</summary>
    string? FirstMissing();
}

/// <summary>The one validation pass over a decoded reply: required fields and null list elements.</summary>
internal static class RequiredFields
{
    /// <summary>The path of the first missing field or null element in <paramref name="value"/> ("[0].symbol"), or null.</summary>
    public static string? FirstMissing(object? value) => value switch
    {
        IRequiredFields model => model.FirstMissing(),
        IEnumerable items and not string => InList(items, string.Empty),
        _ => null,
    };

    /// <summary>The first null element or element with a missing field of a list of models.</summary>
    /// <remarks>Indexes the list (System.Text.Json builds <see cref="List{T}"/> or arrays, both <see cref="IList"/>): no boxed enumerator per reply.</remarks>
    public static string? InList(IEnumerable? items, string name)
    {
        if (items is IList list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (InItem(list[i], name, i) is { } missing)
                {
                    return missing;
                }
            }

            return null;
        }

        var index = 0;
        foreach (var item in items ?? Array.Empty<object>())
        {
            if (InItem(item, name, index++) is { } missing)
            {
                return missing;
            }
        }

        return null;
    }

    private static string? InItem(object? item, string name, int i) => item switch
    {
        null => $"{name}[{i}]",
        IRequiredFields model when model.FirstMissing() is { } field => $"{name}[{i}]{field}",
        _ => null,
    };

    /// <summary>".symbol" when the symbol is missing, null or blank.</summary>
    public static string? Symbol(string symbol) => string.IsNullOrWhiteSpace(symbol) ? ".symbol" : null;

    /// <summary>The field name when the value was missing or null.</summary>
    public static string? Value<T>(T? value, string name)
        where T : struct => value is null ? name : null;

    /// <summary>The field name when the timestamp was missing (a unix time never decodes to year 1).</summary>
    public static string? Time(DateTimeOffset value, string name) => value == default ? name : null;
}
