using MarketData.Client.Diagnostics;
using System.Net;
using MarketData.Client.Http;
using MarketData.Client.Tests.Infrastructure;

namespace MarketData.Client.Tests.Reliability;

/// <summary>
/// Seeded fuzzing of every REST body shape: the only outcomes allowed are a decoded model that keeps the invariants of
/// <see cref="ModelAssertions.BrokenInvariant"/> (no blank symbol, no year-1 timestamp, no null element) or a typed
/// <see cref="MarketDataException"/>. Case count: 200,000 per run (MARKETDATA_FUZZ_CASES raises it); the seed is
/// MARKETDATA_FUZZ_SEED or a fixed default, and a failure names the seed and the case to replay.
/// </summary>
[Category("Fuzz")]
public sealed class FuzzTests
{
    private static readonly HttpStatusCode[] Statuses = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable];

    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MARKETDATA_FUZZ_CASES"), out var n) && n > 0 ? n : 200_000;

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("MARKETDATA_FUZZ_SEED"), out var s) ? s : 20261125;

    [Test]
    public void Mutated_rest_bodies_decode_or_fail_with_a_typed_exception()
    {
        var mutator = new JsonMutator(Seed);
        var random = new Random(Seed);
        var corpus = RestFuzzCorpus.Entries;
        int decoded = 0, typed = 0;
        var byType = new Dictionary<string, int>();
        for (var i = 0; i < Cases; i++)
        {
            var entry = corpus[i % corpus.Count];
            var body = mutator.Mutate(entry.Body, out var description);
            var status = Statuses[random.Next(Statuses.Length)];
            try
            {
                var result = status == HttpStatusCode.OK ? entry.Decode(body, status) : new HttpReply(status, "/fuzz", null, SecretRedactor.None).ToException(body);
                result.Should().NotBeNull();
                if (result is MarketDataException returned)
                {
                    typed++;
                    byType[returned.GetType().Name] = byType.GetValueOrDefault(returned.GetType().Name) + 1;
                }
                else
                {
                    // What came back must be usable, not just present: the invariants of every decoded reply.
                    if (ModelAssertions.BrokenInvariant(result) is { } broken)
                    {
                        Assert.Fail($"Case {i} (seed {Seed}, body '{entry.Name}', HTTP {(int)status}, {description}) decoded with {broken}");
                    }

                    decoded++;
                }
            }
            catch (MarketDataException ex)
            {
                typed++;
                var name = ex.GetType().Name;
                byType[name] = byType.GetValueOrDefault(name) + 1;
            }
            catch (Exception ex) when (ex is not AssertionException)
            {
                Assert.Fail($"Case {i} (seed {Seed}, body '{entry.Name}', HTTP {(int)status}, {description}) threw {ex}");
            }
        }

        TestContext.Out.WriteLine($"fuzz: {Cases} cases, seed {Seed}: {decoded} decoded, {typed} typed exceptions ({string.Join(", ", byType.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))})");
        (decoded + typed).Should().Be(Cases);
        decoded.Should().BeGreaterThan(0, "some mutations (extra fields, other values) must still decode");
        typed.Should().BeGreaterThan(0);
    }
}
