using MarketData.Client.Diagnostics;
using System.Net;
using System.Text;
using MarketData.Client.Http;
using MarketData.Client.Serialization;

namespace MarketData.Client.Tests.Reliability;

/// <summary>Each crash the fuzz suite found, kept as a named regression test.</summary>
[Category("Fuzz")]
public sealed class FuzzRegressionTests
{
    private static readonly HttpReply Ok = new(HttpStatusCode.OK, "/v1/connections", null, SecretRedactor.None);

    [Test]
    public void Connections_with_extra_fields_decode_and_keep_them()
    {
        // Found by fuzzing: extension data on an init-only property made every GetConnectionsAsync throw InvalidOperationException.
        var body = """{"code":0,"message":"success","data":[{"id":42,"ip":"1.2.3.4","since":1773259201000}]}"""u8;

        var connections = EnvelopeReader.Read(body, MarketDataJsonContext.Default.IReadOnlyListConnectionInfo, Ok);

        connections.Should().ContainSingle();
        connections[0].Id.Should().Be("42");
        connections[0].AdditionalProperties.Should().ContainKeys("ip", "since");
        connections[0].AdditionalProperties["ip"].GetString().Should().Be("1.2.3.4");
    }

    [Test]
    public void Invalid_utf8_in_an_error_message_is_a_transport_exception_not_InvalidOperationException()
    {
        var body = Encoding.UTF8.GetBytes("""{"code":2001,"message":"X"}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC3;

        var act = () => EnvelopeReader.Read(body, MarketDataJsonContext.Default.IReadOnlyListTicker, Ok);

        act.Should().Throw<MarketDataTransportException>().Which.Code.Should().Be(ErrorCode.TransportFailure);
    }

    [Test]
    public void Invalid_utf8_inside_error_data_is_ignored_and_the_typed_exception_kept()
    {
        var body = Encoding.UTF8.GetBytes("""{"code":5004,"message":"partial","data":{"channel":"ticker","failed_symbols":["X"],"retryable":true}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;

        var act = () => EnvelopeReader.Read(body, MarketDataJsonContext.Default.IReadOnlyListTicker, Ok);

        var ex = act.Should().Throw<RealtimeDataUnavailableException>().Which;
        ex.Channel.Should().Be("ticker");
        ex.FailedSymbols.Should().BeEmpty();
        ex.Retryable.Should().BeTrue();
    }
}
