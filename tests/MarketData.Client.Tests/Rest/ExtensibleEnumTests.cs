using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarketData.Client.Models;
using MarketData.Client.Serialization;

namespace MarketData.Client.Tests.Rest;

/// <summary>
/// The contract of the six extensible enums, whose shared members are source-generated from <c>[StringEnum]</c>:
/// a known spelling parses to the shared instance (in any case, except K-line intervals, where <c>1m</c> and <c>1M</c>
/// differ), an unknown one stays readable, equality and hashing agree, the default value is empty and unknown, and JSON
/// reads strings and numbers and writes the wire spelling.
/// </summary>
public sealed class ExtensibleEnumTests
{
    [Test]
    public void Market_follows_the_contract() =>
        Check(MarketDataJsonContext.Default.Market, ignoreCase: true, Market.Global, Market.US, Market.HK, Market.CN);

    [Test]
    public void SymbolType_follows_the_contract() =>
        Check(MarketDataJsonContext.Default.SymbolType, ignoreCase: true,
            SymbolType.Stock, SymbolType.Indices, SymbolType.Crypto, SymbolType.Forex, SymbolType.Futures);

    [Test]
    public void TradeSide_follows_the_contract() =>
        Check(MarketDataJsonContext.Default.TradeSide, ignoreCase: true, TradeSide.Buy, TradeSide.Sell, TradeSide.Neutral);

    [Test]
    public void PositionEffect_follows_the_contract() =>
        Check(MarketDataJsonContext.Default.PositionEffect, ignoreCase: true,
            PositionEffect.LongOpen, PositionEffect.ShortOpen, PositionEffect.BothOpen, PositionEffect.LongClose,
            PositionEffect.ShortClose, PositionEffect.BothClose, PositionEffect.LongTransfer, PositionEffect.ShortTransfer);

    [Test]
    public void TradeSession_follows_the_contract_and_reads_the_REST_numbers()
    {
        Check(MarketDataJsonContext.Default.TradeSession, ignoreCase: true,
            TradeSession.Regular, TradeSession.PreMarket, TradeSession.PostMarket, TradeSession.Overnight);

        TradeSession.Parse(" 1 ").Should().Be(TradeSession.PreMarket);
        JsonSerializer.Deserialize("2", MarketDataJsonContext.Default.TradeSession).Should().Be(TradeSession.PostMarket);
        JsonSerializer.Deserialize("\"3\"", MarketDataJsonContext.Default.TradeSession).Value.Should().BeSameAs(TradeSession.Overnight.Value);
        TradeSession.Parse("9").Should().Match<TradeSession>(s => !s.IsKnown && s.Value == "9");
    }

    [Test]
    public void KlineInterval_follows_the_contract_case_sensitively()
    {
        Check(MarketDataJsonContext.Default.KlineInterval, ignoreCase: false,
            KlineInterval.OneMinute, KlineInterval.ThreeMinutes, KlineInterval.FiveMinutes, KlineInterval.FifteenMinutes,
            KlineInterval.ThirtyMinutes, KlineInterval.OneHour, KlineInterval.TwoHours, KlineInterval.FourHours,
            KlineInterval.OneDay, KlineInterval.OneWeek, KlineInterval.OneMonth);

        (KlineInterval.Parse("1m") == KlineInterval.OneMinute).Should().BeTrue();
        (KlineInterval.Parse("1M") != KlineInterval.OneMinute).Should().BeTrue("1M is a month");
        KlineInterval.Parse("1H").IsKnown.Should().BeFalse();
    }

    [Test]
    public void The_operators_and_the_conversion_from_string_use_the_same_equality()
    {
        Market us = "us";
        (us == Market.US).Should().BeTrue();
        (us != Market.US).Should().BeFalse();
        (Market.US != Market.HK).Should().BeTrue();
        ((TradeSide)"SELL" == TradeSide.Sell).Should().BeTrue();
        ((SymbolType)"Crypto" == SymbolType.Crypto).Should().BeTrue();
        ((PositionEffect)"LONG_OPEN" == PositionEffect.LongOpen).Should().BeTrue();
        ((TradeSession)"Overnight" == TradeSession.Overnight).Should().BeTrue();
        ((KlineInterval)"1w" == KlineInterval.OneWeek).Should().BeTrue();
        Market.US.Equals((object)Market.US).Should().BeTrue();
        Market.US.Equals((object)"US").Should().BeFalse("a string is not a Market");
        FluentActions.Invoking(() => { Market m = (string)null!; }).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => new TradeSide(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => TradeSession.Parse(null!)).Should().Throw<ArgumentNullException>();
    }

    private static void Check<T>(JsonTypeInfo<T> json, bool ignoreCase, params T[] known)
        where T : struct, IEquatable<T>, IStringEnum<T>
    {
        foreach (var value in known)
        {
            var parsed = T.Parse(value.Value);
            parsed.Should().Be(value);
            parsed.Value.Should().BeSameAs(value.Value, "a known spelling returns the shared instance");
            parsed.ToString().Should().Be(value.Value);
            parsed.IsKnown.Should().BeTrue();

            var shouted = T.Parse(value.Value.ToUpperInvariant() == value.Value ? value.Value.ToLowerInvariant() : value.Value.ToUpperInvariant());
            if (ignoreCase)
            {
                shouted.Should().Be(value);
                shouted.GetHashCode().Should().Be(value.GetHashCode(), "equal values hash alike");
                shouted.Value.Should().BeSameAs(value.Value);
            }
            else if (shouted.Value != value.Value)
            {
                shouted.Should().NotBe(value);
            }

            JsonSerializer.Serialize(value, json).Should().Be($"\"{value.Value}\"");
            JsonSerializer.Deserialize($"\"{value.Value}\"", json).Value.Should().BeSameAs(value.Value);
        }

        known.Distinct().Should().HaveCount(known.Length, "the named values differ");
        var unknown = T.Parse("not-a-value");
        unknown.Value.Should().Be("not-a-value");
        unknown.IsKnown.Should().BeFalse();
        known.Should().NotContain(unknown);
        JsonSerializer.Deserialize("\"not-a-value\"", json).Should().Be(unknown);
        JsonSerializer.Deserialize("42", json).Value.Should().Be("42");
        FluentActions.Invoking(() => JsonSerializer.Deserialize("{}", json)).Should().Throw<JsonException>();

        default(T).Value.Should().BeEmpty();
        default(T).ToString().Should().BeEmpty();
        default(T).IsKnown.Should().BeFalse();
        default(T).Should().Be(T.Parse(string.Empty));
    }
}
