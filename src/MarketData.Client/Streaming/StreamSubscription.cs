using MarketData.Client.Models;

namespace MarketData.Client.Streaming;

/// <summary>One channel and symbol a <see cref="MarketDataStream"/> keeps subscribed.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Symbol">The symbol as the app subscribed it.</param>
/// <param name="Type">The product type sent with the subscription, if any.</param>
/// <param name="Status">Where the subscription stands.</param>
/// <param name="Error">Why the server refused it, when <paramref name="Status"/> is <see cref="StreamSubscriptionStatus.Failed"/>.</param>
public sealed record StreamSubscription(StreamChannel Channel, string Symbol, SymbolType? Type, StreamSubscriptionStatus Status, MarketDataException? Error);
