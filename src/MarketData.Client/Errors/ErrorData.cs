using System.Text.Json;

namespace MarketData.Client;

/// <summary>Reads the <c>data</c> of an error envelope defensively: a wrong type or invalid UTF-8 reads as absent.</summary>
internal static class ErrorData
{
    public static string? String(JsonElement? data, string name)
    {
        if (data is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        return AsString(value);
    }

    public static string[] Strings(JsonElement? data, string name)
    {
        if (data is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (AsString(item) is { Length: > 0 } s)
            {
                list.Add(s);
            }
        }

        return [.. list];
    }

    /// <summary>Whether the member is the JSON literal <c>true</c> (false when absent or of any other value).</summary>
    public static bool IsTrue(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? AsString(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
