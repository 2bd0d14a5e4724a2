namespace MarketData.Client.Tests.Infrastructure;

/// <summary>A fixture that shares one <see cref="LoopbackServer"/> among its tests and resets it before each.</summary>
public abstract class StubFixture
{
    private LoopbackServer? _stub;

    private protected LoopbackServer Stub => _stub ?? throw new InvalidOperationException("The stub is not started.");

    [OneTimeSetUp]
    public async Task StartStub() => _stub = await LoopbackServer.StartAsync();

    [SetUp]
    public void ResetStub() => Stub.Reset();

    [OneTimeTearDown]
    public async Task StopStub()
    {
        if (_stub is not null)
        {
            await _stub.DisposeAsync();
        }
    }
}
