using System.Net;
using System.Text.Json;

namespace MarketData.Client.Testing.Internal;

/// <summary>An error the simulator answers with: a code from the error table, its HTTP status and a message.</summary>
internal sealed class SimulatedError : Exception
{
    public SimulatedError(ErrorCode code, string message, Action<Utf8JsonWriter>? data = null)
        : this(MarketDataErrors.Describe(code).WireCode, StatusOf(code), message, data)
    {
    }

    public SimulatedError(string wireCode, int status, string message, Action<Utf8JsonWriter>? data = null)
        : base(message)
    {
        WireCode = wireCode;
        Status = status;
        WriteData = data;
    }

    /// <summary>The code as it goes on the wire ("2001", "AMBIGUOUS_SYMBOL").</summary>
    public string WireCode { get; }

    public int Status { get; }

    public Action<Utf8JsonWriter>? WriteData { get; }

    /// <summary>The HTTP status the error table gives a code; 400 for WebSocket-only codes.</summary>
    public static int StatusOf(ErrorCode code) => (int?)MarketDataErrors.Describe(code).HttpStatus ?? (int)HttpStatusCode.BadRequest;

    public static SimulatedError InvalidParameter(string message) => new(ErrorCode.InvalidParameters, message);
}
