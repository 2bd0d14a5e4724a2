using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>
/// Starts this same program in <c>server</c> mode as a child process, reads the port it prints, and stops it (by
/// closing its standard input; killed by id if it does not exit) when disposed.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _control;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _control = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync()
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable is running.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as "dotnet MarketData.Client.Benchmarks.dll": start the child the same way.
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add("server");
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(wait.Token) is { } line)
            {
                if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
                {
                    return new ServerProcess(process, int.Parse(line["LISTENING ".Length..], CultureInfo.InvariantCulture));
                }
            }

            throw new InvalidOperationException("The server process exited before it was listening.");
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>What the next WebSocket session pushes.</summary>
    public async Task PlanAsync(string push, long count)
    {
        using var reply = await _control.GetAsync(new Uri($"/bench/plan?push={Uri.EscapeDataString(push)}&count={count}", UriKind.Relative));
        reply.EnsureSuccessStatusCode();
    }

    /// <summary>The next WebSocket session pushes <paramref name="plan"/>'s count at its rate, each push stamped with its send time.</summary>
    public async Task PlanAsync(string push, PacedPlan plan)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"/bench/plan?push={Uri.EscapeDataString(push)}&count={plan.Count}&rate={plan.Rate}&tick={plan.TickMicros}&pacing={plan.Pacing}");
        using var reply = await _control.GetAsync(new Uri(query, UriKind.Relative));
        reply.EnsureSuccessStatusCode();
    }

    /// <summary>The server process's <see cref="Stopwatch.GetTimestamp"/> and <see cref="Stopwatch.Frequency"/>.</summary>
    public async Task<(long Timestamp, long Frequency)> ClockAsync()
    {
        var parts = (await _control.GetStringAsync(new Uri("/bench/clock", UriKind.Relative))).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The server process's CPU time so far.</summary>
    public async Task<TimeSpan> CpuAsync()
    {
        var text = await _control.GetStringAsync(new Uri("/bench/stats", UriKind.Relative));
        return TimeSpan.FromMilliseconds(double.Parse(text, CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            Stop(_process);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
