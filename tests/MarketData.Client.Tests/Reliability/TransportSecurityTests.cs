using System.Net;
using MarketData.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace MarketData.Client.Tests.Reliability;

/// <summary>The key never travels in clear to a remote host; reads are bounded; TLS validation is left on.</summary>
[Category("Security")]
public sealed class TransportSecurityTests
{
    [TestCase("http://api.example.com")]
    [TestCase("http://10.1.2.3:8080")]
    public void Plain_http_to_a_remote_host_is_refused_before_anything_is_sent(string address)
    {
        var act = () => new MarketDataClient(new MarketDataClientOptions { ApiKey = "secret-key-1", BaseAddress = new Uri(address) });

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("BaseAddress");
    }

    [TestCase("http://127.0.0.1:5000")]
    [TestCase("http://localhost:5000")]
    [TestCase("http://[::1]:5000")]
    public void Plain_http_to_loopback_is_allowed_for_tests_and_the_simulator(string address)
    {
        using var client = new MarketDataClient(new MarketDataClientOptions { ApiKey = "secret-key-1", BaseAddress = new Uri(address) });

        client.Options.BaseAddress.Should().Be(new Uri(address));
    }

    [Test]
    public void Plain_http_to_a_remote_host_is_allowed_only_when_the_app_opts_in()
    {
        using var client = new MarketDataClient(new MarketDataClientOptions
        {
            ApiKey = "secret-key-1",
            BaseAddress = new Uri("http://api.example.com"),
            AllowInsecureTransport = true,
        });

        client.Options.AllowInsecureTransport.Should().BeTrue();
    }

    [Test]
    public void The_sdk_handler_keeps_certificate_validation_on()
    {
        using var handler = MarketDataClient.CreateHandler();

        handler.SslOptions.RemoteCertificateValidationCallback.Should().BeNull();
        handler.AutomaticDecompression.Should().Be(DecompressionMethods.All);
    }

    [Test]
    public async Task An_endless_body_ends_in_a_typed_error_at_the_size_limit()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Handle(async context =>
        {
            context.Response.ContentType = "application/json";
            var chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)' ');
            await context.Response.WriteAsync("{\"code\":0,\"data\":[", context.RequestAborted);
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        });
        using var client = new MarketDataClient(new MarketDataClientOptions
        {
            ApiKey = "secret-key-1",
            BaseAddress = server.BaseAddress,
            MaxResponseBytes = 1024 * 1024,
        });

        var act = () => client.GetTickersAsync(["AAPL.US"]).WaitAsync(TimeSpan.FromSeconds(30));

        var ex = (await act.Should().ThrowAsync<MarketDataTransportException>()).Which;
        ex.IsTransient.Should().BeFalse("a body over the limit will be over it again");
        ex.Message.Should().Contain("1048576");
        server.Requests.Should().Be(1, "an oversized body is not retried");
    }
}
