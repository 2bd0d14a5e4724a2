using MarketData.Client.Diagnostics;
using System.Net;
using System.Text;
using MarketData.Client.Http;
using MarketData.Client.Serialization;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Documented number behaviour: decimals are exact up to 28-29 significant digits, longer ones are rounded
/// (best effort), exponent notation and negative zero are read, values beyond the decimal range are a typed
/// <see cref="MarketDataTransportException"/> with <see cref="ErrorCode.MalformedResponse"/>, never an overflow crash.
/// </summary>
[Category("Fuzz")]
public sealed class NumberEdgeCaseTests
{
    private static readonly HttpReply Ok = new(HttpStatusCode.OK, "/v1/market/ticker", null, SecretRedactor.None);

    [TestCase("\"26.2097750997138276\"", "26.2097750997138276")]
    [TestCase("\"0.000000000000000000000000001\"", "0.000000000000000000000000001")]
    [TestCase("\"79228162514264337593543950335\"", "79228162514264337593543950335")]
    [TestCase("\"1.5E+3\"", "1500")]
    [TestCase("\"1.5e-3\"", "0.0015")]
    [TestCase("1.5E+3", "1500")]
    [TestCase("\"-0\"", "0")]
    [TestCase("-0.0", "0")]
    [TestCase("\" 12.5 \"", "12.5")]
    [TestCase("\"+12.5\"", "12.5")]
    [TestCase("543", "543")]
    public void Price_is_read_exactly(string json, string expected)
    {
        Decode(json).LastPrice.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void More_digits_than_decimal_holds_are_rounded_not_rejected()
    {
        var price = Decode("\"1.2345678901234567890123456789012345\"").LastPrice;

        price.Should().BeApproximately(1.2345678901234567890123456789m, 0.0000000000000000000000000002m);
    }

    [TestCase("\"79228162514264337593543950336\"")]
    [TestCase("\"-79228162514264337593543950336\"")]
    [TestCase("1e400")]
    [TestCase("\"1e400\"")]
    [TestCase("\"NaN\"")]
    [TestCase("\"Infinity\"")]
    [TestCase("\"12,5\"")]
    [TestCase("true")]
    [TestCase("{}")]
    public void Values_beyond_decimal_or_not_numbers_are_a_typed_malformed_response(string json)
    {
        var act = () => Decode(json);

        act.Should().Throw<MarketDataTransportException>().Which.Code.Should().Be(ErrorCode.MalformedResponse);
    }

    [Test]
    public void An_empty_optional_price_is_null()
    {
        var body = Encoding.UTF8.GetBytes("""{"code":0,"data":[{"symbol":"X","last_price":"1","bid_price":"","ask_price":null,"timestamp":1}]}""");

        var ticker = EnvelopeReader.Read(body, MarketDataJsonContext.Default.IReadOnlyListTicker, Ok)[0];

        ticker.BidPrice.Should().BeNull();
        ticker.AskPrice.Should().BeNull();
    }

    private static Models.Ticker Decode(string lastPrice)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"code":0,"message":"success","data":[{"symbol":"X","last_price":{{lastPrice}},"timestamp":1773259201000}]}""");
        return EnvelopeReader.Read(body, MarketDataJsonContext.Default.IReadOnlyListTicker, Ok).Single();
    }
}
