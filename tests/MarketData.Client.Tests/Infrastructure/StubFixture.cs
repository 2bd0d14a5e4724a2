namespace MarketData.Client.Tests.Infrastructure;

/// <summary>A fixture that shares one <see cref="StubServer"/> among its tests and resets it before each.</summary>
public abstract class StubFixture
{
    private StubServer? _stub;

    private protected StubServer Stub => _stub ?? throw new InvalidOperationException("The stub is not started.");

    [OneTimeSetUp]
    public void StartStub() => _stub = new StubServer();

    [SetUp]
    public void ResetStub() => Stub.Reset();

    [OneTimeTearDown]
    public void StopStub() => _stub?.Dispose();
}
