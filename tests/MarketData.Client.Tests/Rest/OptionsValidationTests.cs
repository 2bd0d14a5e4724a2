using MarketData.Client.Resilience;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Rest;

/// <summary>Invalid options fail when the client is built (ArgumentException naming the option), before anything is sent.</summary>
public sealed class OptionsValidationTests
{
    [TestCase(null, typeof(ArgumentNullException), TestName = "A null API key is refused")]
    [TestCase("", typeof(ArgumentException), TestName = "An empty API key is refused")]
    [TestCase("   ", typeof(ArgumentException), TestName = "A blank API key is refused")]
    [TestCase("key\r\nX-Injected: 1", typeof(ArgumentException), TestName = "An API key with CR LF is refused")]
    [TestCase("key\nmore", typeof(ArgumentException), TestName = "An API key with LF is refused")]
    [TestCase("key\0", typeof(ArgumentException), TestName = "An API key with NUL is refused")]
    [TestCase("kéy", typeof(ArgumentException), TestName = "An API key with a non-ASCII character is refused")]
    public void A_bad_API_key_is_refused_with_the_option_name(string? key, Type expected)
    {
        var act = () => new MarketDataClient(new MarketDataClientOptions { ApiKey = key });

        var ex = act.Should().Throw<ArgumentException>().Which;
        ex.Should().BeOfType(expected);
        ex.ParamName.Should().Be(nameof(MarketDataClientOptions.ApiKey));
        if (key is { Length: > 2 })
        {
            ex.Message.Should().NotContain(key, "the refused key is not echoed");
        }
    }

    [Test]
    public void Plain_http_to_a_remote_host_is_refused_unless_allowed()
    {
        var options = new MarketDataClientOptions { ApiKey = SentinelKey.Value, BaseAddress = new Uri("http://api.example.com") };

        var act = () => new MarketDataClient(options);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(MarketDataClientOptions.BaseAddress));
        options.AllowInsecureTransport = true;
        using var client = new MarketDataClient(options);
    }

    [TestCase("ftp://api.example.com")]
    [TestCase("/relative")]
    public void A_base_address_that_is_not_absolute_http_is_refused(string address)
    {
        var act = () => new MarketDataClientOptions { BaseAddress = new Uri(address, UriKind.RelativeOrAbsolute) };

        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Resilience_values_are_validated_when_set()
    {
        var r = new MarketDataResilienceOptions();

        ((Action)(() => r.MaxRetries = -1)).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => r.MaxRetries = 21)).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => r.BaseDelay = TimeSpan.FromSeconds(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => r.AttemptTimeout = TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => r.TotalTimeout = TimeSpan.FromSeconds(-2))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => r.RetryAfterMargin = TimeSpan.FromSeconds(6))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => r.TotalTimeout = Timeout.InfiniteTimeSpan)).Should().NotThrow();
    }

    [Test]
    public void A_max_delay_below_the_base_delay_fails_the_client_construction()
    {
        var options = new MarketDataClientOptions { ApiKey = SentinelKey.Value, Resilience = { BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(1) } };

        var act = () => new MarketDataClient(options);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(nameof(MarketDataResilienceOptions.MaxDelay));
    }

    [Test]
    public void The_client_keeps_a_copy_of_its_options()
    {
        var options = new MarketDataClientOptions { ApiKey = SentinelKey.Value };
        using var client = new MarketDataClient(options);

        options.ApiKey = "changed-later";
        options.Resilience.MaxRetries = 9;

        client.Options.ApiKey.Should().Be(SentinelKey.Value);
        client.Options.Resilience.MaxRetries.Should().Be(3);
    }

    [Test]
    public void Defaults_match_the_issue()
    {
        var o = new MarketDataClientOptions();

        o.BaseAddress.Should().Be(new Uri("https://api.tickdb.ai"));
        o.Resilience.MaxRetries.Should().Be(3);
        o.Resilience.BaseDelay.Should().Be(TimeSpan.FromMilliseconds(500));
        o.Resilience.MaxDelay.Should().Be(TimeSpan.FromSeconds(10));
        o.Resilience.MaxRetryAfter.Should().Be(TimeSpan.FromSeconds(30));
        o.Resilience.UseJitter.Should().BeTrue();
        o.Resilience.Enabled.Should().BeTrue();
        o.TimeProvider.Should().BeSameAs(TimeProvider.System);
    }
}
