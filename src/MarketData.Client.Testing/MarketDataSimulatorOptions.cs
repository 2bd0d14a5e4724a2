namespace MarketData.Client.Testing;

/// <summary>Options of <see cref="MarketDataSimulator"/>. Every value has a default that suits a test; <see cref="Validate"/> checks the set.</summary>
public sealed class MarketDataSimulatorOptions
{
    /// <summary>The API key the simulator accepts unless <see cref="ApiKey"/> says otherwise.</summary>
    public const string DefaultApiKey = "sim-test-key";

    /// <summary>The loopback port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The one API key the simulator accepts (<c>X-API-Key</c> on REST, <c>?api_key=</c> on the stream). Default <see cref="DefaultApiKey"/>.</summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>The seed of every simulated value: the same seed and the same clock give the same prices, bars, books and trades. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// How often subscribed connections get ticker, depth and trade pushes (measured with <see cref="TimeProvider"/>).
    /// Default 250 ms. <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> turns automatic pushes off;
    /// <see cref="MarketDataSimulator.PushAsync"/> then pushes on demand.
    /// </summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many WebSocket connections may be open at once; one more is refused with HTTP 429 and code 3003. Default 3.</summary>
    public int MaxStreamConnections { get; set; } = 3;

    /// <summary>How many (channel, symbol) subscriptions may exist across all connections; a subscribe beyond it gets code 3004. Default 50.</summary>
    public int MaxSubscriptions { get; set; } = 50;

    /// <summary>
    /// Push HK stocks and A-shares under their bare codes (<c>700</c>, <c>600519</c>) as the real service does,
    /// instead of the subscribed spelling. Default false.
    /// </summary>
    public bool PushBareSymbols { get; set; }

    /// <summary>
    /// The clock of the simulator: timestamps, the price path, the push interval and scripted latency. Default
    /// <see cref="TimeProvider.System"/>. A <c>FakeTimeProvider</c> freezes prices, so that consecutive calls see the same market.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The instruments served; default <see cref="SimulatedInstrument.Defaults"/>.</summary>
    public IReadOnlyList<SimulatedInstrument> Instruments { get; set; } = SimulatedInstrument.Defaults;

    /// <summary>How many received requests <see cref="MarketDataSimulator.ReceivedRequests"/> keeps (the newest). Default 1000.</summary>
    public int RequestLogCapacity { get; set; } = 1000;

    /// <summary>Checks the whole set of options.</summary>
    /// <exception cref="ArgumentException">A value is out of range, the API key is blank or not printable ASCII, or an instrument is invalid.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        if (string.IsNullOrWhiteSpace(ApiKey) || ApiKey.Any(c => c <= ' ' || c > '~'))
        {
            throw new ArgumentException("The API key must be non-blank printable ASCII without spaces.", nameof(ApiKey));
        }

        if (PushInterval < TimeSpan.Zero && PushInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(PushInterval), PushInterval, "Must be positive, zero (off) or infinite (off).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStreamConnections, 1, nameof(MaxStreamConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSubscriptions, 1, nameof(MaxSubscriptions));
        ArgumentOutOfRangeException.ThrowIfNegative(RequestLogCapacity, nameof(RequestLogCapacity));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(Instruments, nameof(Instruments));
        if (Instruments.Count == 0)
        {
            throw new ArgumentException("At least one instrument is required.", nameof(Instruments));
        }

        foreach (var instrument in Instruments)
        {
            if (instrument is null || string.IsNullOrWhiteSpace(instrument.Symbol) || instrument.Symbol.Contains(',', StringComparison.Ordinal)
                || instrument.BasePrice <= 0 || instrument.TickSize <= 0 || instrument.Volatility is < 0 or > 5
                || instrument.VolumePerMinute < 0 || instrument.LotSize < 1 || instrument.Type.Value.Length == 0 || instrument.Market.Value.Length == 0)
            {
                throw new ArgumentException(
                    $"Instrument '{instrument?.Symbol}' is invalid: it needs a symbol without commas, a type, a market, positive BasePrice and TickSize, Volatility in [0, 5], VolumePerMinute >= 0 and LotSize >= 1.",
                    nameof(Instruments));
            }
        }
    }

    /// <summary>A copy of these options (the instrument list is copied too).</summary>
    /// <returns>The copy.</returns>
    public MarketDataSimulatorOptions Clone() => new()
    {
        Port = Port,
        ApiKey = ApiKey,
        Seed = Seed,
        PushInterval = PushInterval,
        MaxStreamConnections = MaxStreamConnections,
        MaxSubscriptions = MaxSubscriptions,
        PushBareSymbols = PushBareSymbols,
        TimeProvider = TimeProvider,
        Instruments = Instruments is null ? null! : [.. Instruments],
        RequestLogCapacity = RequestLogCapacity,
    };
}
