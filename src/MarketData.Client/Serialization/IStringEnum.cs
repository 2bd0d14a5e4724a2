namespace MarketData.Client.Serialization;

/// <summary>A string-backed extensible enum: any wire value parses, known ones to shared instances.</summary>
/// <typeparam name="T">The struct.</typeparam>
internal interface IStringEnum<T>
    where T : struct, IStringEnum<T>
{
    /// <summary>The wire spelling.</summary>
    string Value { get; }

    /// <summary>Whether the value is one the SDK knows.</summary>
    bool IsKnown { get; }

    /// <summary>Parses a wire spelling.</summary>
    static abstract T Parse(string value);
}
