namespace MarketData.Client.Serialization;

/// <summary>
/// Marks a <c>readonly partial struct</c> as a string-backed extensible enum. The struct declares its named values
/// (<c>public static T Name { get; } = new("wire");</c>, the known values in order) and
/// <c>[JsonConverter(typeof(StringEnumConverter&lt;T&gt;))]</c> (the JSON source generator does not see attributes another
/// generator adds); the source generator
/// (src/MarketData.Client.Generators, <c>StringEnumGenerator</c>) writes the rest: the wire-spelling constructor,
/// <c>Value</c>, <c>IsKnown</c>, equality and hashing under <see cref="Comparison"/>, <c>==</c>/<c>!=</c>, the implicit
/// conversion from string, <c>Parse</c> (unless the struct declares its own; it can call the generated
/// <c>FindKnown</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
internal sealed class StringEnumAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="comparison">How spellings compare: <see cref="StringComparison.Ordinal"/> or <see cref="StringComparison.OrdinalIgnoreCase"/>.</param>
    public StringEnumAttribute(StringComparison comparison) => Comparison = comparison;

    /// <summary>How spellings compare.</summary>
    public StringComparison Comparison { get; }
}
