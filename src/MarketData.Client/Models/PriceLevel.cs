namespace MarketData.Client.Models;

/// <summary>One level of an order book side.</summary>
/// <param name="Price">The price.</param>
/// <param name="Quantity">The quantity resting at that price.</param>
public readonly record struct PriceLevel(decimal Price, decimal Quantity);
