using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace MarketData.Client.Benchmarks.Runner;

/// <summary>Writes Markdown to the console and, with <c>--out file</c>, appends the same lines to a file.</summary>
internal sealed class Report : IDisposable
{
    private readonly StreamWriter? _file;

    public Report(string? path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            _file = new StreamWriter(path, append: true) { AutoFlush = true };
        }
    }

    public void Line(string text = "")
    {
        Console.WriteLine(text);
        _file?.WriteLine(text);
    }

    /// <summary>Progress that belongs on the console only.</summary>
    public static void Progress(string text) => Console.Error.WriteLine(text);

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Join("|", header.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row) + " |");
        }

        Line();
    }

    public void Machine()
    {
        var cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        Line(string.Create(CultureInfo.InvariantCulture, $"- Machine: {cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}"));
        Line($"- Runtime: {RuntimeInformation.FrameworkDescription}, GC {(GCSettings.IsServerGC ? "server" : "workstation")} {GCSettings.LatencyMode}, client and server in separate processes over loopback");
        Line($"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        Line();
    }

    public void Dispose() => _file?.Dispose();
}
