using Microsoft.Extensions.Hosting;

namespace MarketData.Client.Samples.DependencyInjection;

/// <summary>Stops the host once every worker of the sample has finished, so the sample ends on its own.</summary>
internal sealed class WorkersCompletion(IHostApplicationLifetime lifetime, int workers)
{
    private int _remaining = workers;

    public void Finished()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            lifetime.StopApplication();
        }
    }
}
